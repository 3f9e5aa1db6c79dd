"""Wrong and alternative answers for 08-identity-secrets-supply-chain.

Wrong answers are the reference answer with one realistic mistake; alternatives are written differently.
"""

from textwrap import dedent

WRONG = {
    "audit-answer": [
        (
            "reads the bcrypt cost as a count (2**cost >= 10) instead of a logarithm",
            dedent(r'''
def password_audit(encoded, table):
    """Return {"algorithm": str, "params": dict, "meets": bool} for a stored password hash."""
    m = re.fullmatch(r"\$(argon2id|argon2i|argon2d)\$v=\d+\$m=(\d+),t=(\d+),p=(\d+)\$[^$]+\$[^$]+", encoded)
    if m:
        algorithm, mem, t, p = m.group(1), int(m.group(2)), int(m.group(3)), int(m.group(4))
        params = {"m": mem, "t": t, "p": p}
        meets = algorithm == "argon2id" and any(
            mem >= row["m"] and t >= row["t"] and p >= row["p"] for row in table["argon2id"])
        return {"algorithm": algorithm, "params": params, "meets": meets}
    m = re.fullmatch(r"\$2[aby]\$(\d\d)\$[./A-Za-z0-9]{53}", encoded)
    if m:
        cost = int(m.group(1))
        return {"algorithm": "bcrypt", "params": {"cost": cost}, "meets": 2 ** cost >= table["bcrypt"]["cost"]}
    m = re.fullmatch(r"\$scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$[^$]+\$[^$]+", encoded)
    if m:
        n, r, p = 2 ** int(m.group(1)), int(m.group(2)), int(m.group(3))
        meets = any(n >= row["n"] and r >= row["r"] and p >= row["p"] for row in table["scrypt"])
        return {"algorithm": "scrypt", "params": {"n": n, "r": r, "p": p}, "meets": meets}
    m = re.fullmatch(r"pbkdf2_(sha1|sha256|sha512)\$(\d+)\$[^$]+\$[^$]+", encoded)
    if m:
        digest, iterations = m.group(1), int(m.group(2))
        return {"algorithm": "pbkdf2_" + digest, "params": {"iterations": iterations},
                "meets": iterations >= table["pbkdf2"][digest]}
    if re.fullmatch(r"[0-9a-f]{32}", encoded):
        return {"algorithm": "md5", "params": {}, "meets": False}
    if re.fullmatch(r"[0-9a-f]{40}", encoded):
        return {"algorithm": "sha1", "params": {}, "meets": False}
    raise ValueError(f"unrecognised hash format: {encoded[:12]}...")
'''),
        ),
        (
            "confuses KiB and MiB for Argon2 memory",
            dedent(r'''
def password_audit(encoded, table):
    """Return {"algorithm": str, "params": dict, "meets": bool} for a stored password hash."""
    m = re.fullmatch(r"\$(argon2id|argon2i|argon2d)\$v=\d+\$m=(\d+),t=(\d+),p=(\d+)\$[^$]+\$[^$]+", encoded)
    if m:
        algorithm, mem, t, p = m.group(1), int(m.group(2)), int(m.group(3)), int(m.group(4))
        params = {"m": mem, "t": t, "p": p}
        meets = algorithm == "argon2id" and any(
            mem >= row["m"] // 1024 and t >= row["t"] and p >= row["p"] for row in table["argon2id"])
        return {"algorithm": algorithm, "params": params, "meets": meets}
    m = re.fullmatch(r"\$2[aby]\$(\d\d)\$[./A-Za-z0-9]{53}", encoded)
    if m:
        cost = int(m.group(1))
        return {"algorithm": "bcrypt", "params": {"cost": cost}, "meets": cost >= table["bcrypt"]["cost"]}
    m = re.fullmatch(r"\$scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$[^$]+\$[^$]+", encoded)
    if m:
        n, r, p = 2 ** int(m.group(1)), int(m.group(2)), int(m.group(3))
        meets = any(n >= row["n"] and r >= row["r"] and p >= row["p"] for row in table["scrypt"])
        return {"algorithm": "scrypt", "params": {"n": n, "r": r, "p": p}, "meets": meets}
    m = re.fullmatch(r"pbkdf2_(sha1|sha256|sha512)\$(\d+)\$[^$]+\$[^$]+", encoded)
    if m:
        digest, iterations = m.group(1), int(m.group(2))
        return {"algorithm": "pbkdf2_" + digest, "params": {"iterations": iterations},
                "meets": iterations >= table["pbkdf2"][digest]}
    if re.fullmatch(r"[0-9a-f]{32}", encoded):
        return {"algorithm": "md5", "params": {}, "meets": False}
    if re.fullmatch(r"[0-9a-f]{40}", encoded):
        return {"algorithm": "sha1", "params": {}, "meets": False}
    raise ValueError(f"unrecognised hash format: {encoded[:12]}...")
'''),
        ),
        (
            "uses one PBKDF2 threshold for every hash function",
            dedent(r'''
def password_audit(encoded, table):
    """Return {"algorithm": str, "params": dict, "meets": bool} for a stored password hash."""
    m = re.fullmatch(r"\$(argon2id|argon2i|argon2d)\$v=\d+\$m=(\d+),t=(\d+),p=(\d+)\$[^$]+\$[^$]+", encoded)
    if m:
        algorithm, mem, t, p = m.group(1), int(m.group(2)), int(m.group(3)), int(m.group(4))
        params = {"m": mem, "t": t, "p": p}
        meets = algorithm == "argon2id" and any(
            mem >= row["m"] and t >= row["t"] and p >= row["p"] for row in table["argon2id"])
        return {"algorithm": algorithm, "params": params, "meets": meets}
    m = re.fullmatch(r"\$2[aby]\$(\d\d)\$[./A-Za-z0-9]{53}", encoded)
    if m:
        cost = int(m.group(1))
        return {"algorithm": "bcrypt", "params": {"cost": cost}, "meets": cost >= table["bcrypt"]["cost"]}
    m = re.fullmatch(r"\$scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$[^$]+\$[^$]+", encoded)
    if m:
        n, r, p = 2 ** int(m.group(1)), int(m.group(2)), int(m.group(3))
        meets = any(n >= row["n"] and r >= row["r"] and p >= row["p"] for row in table["scrypt"])
        return {"algorithm": "scrypt", "params": {"n": n, "r": r, "p": p}, "meets": meets}
    m = re.fullmatch(r"pbkdf2_(sha1|sha256|sha512)\$(\d+)\$[^$]+\$[^$]+", encoded)
    if m:
        digest, iterations = m.group(1), int(m.group(2))
        return {"algorithm": "pbkdf2_" + digest, "params": {"iterations": iterations},
                "meets": iterations >= table["pbkdf2"]["sha256"]}
    if re.fullmatch(r"[0-9a-f]{32}", encoded):
        return {"algorithm": "md5", "params": {}, "meets": False}
    if re.fullmatch(r"[0-9a-f]{40}", encoded):
        return {"algorithm": "sha1", "params": {}, "meets": False}
    raise ValueError(f"unrecognised hash format: {encoded[:12]}...")
'''),
        ),
        (
            "takes the minimum m and the minimum t from different rows",
            dedent(r'''
def password_audit(encoded, table):
    """Return {"algorithm": str, "params": dict, "meets": bool} for a stored password hash."""
    m = re.fullmatch(r"\$(argon2id|argon2i|argon2d)\$v=\d+\$m=(\d+),t=(\d+),p=(\d+)\$[^$]+\$[^$]+", encoded)
    if m:
        algorithm, mem, t, p = m.group(1), int(m.group(2)), int(m.group(3)), int(m.group(4))
        params = {"m": mem, "t": t, "p": p}
        meets = algorithm == "argon2id" and mem >= min(r["m"] for r in table["argon2id"]) and t >= min(r["t"] for r in table["argon2id"])
        return {"algorithm": algorithm, "params": params, "meets": meets}
    m = re.fullmatch(r"\$2[aby]\$(\d\d)\$[./A-Za-z0-9]{53}", encoded)
    if m:
        cost = int(m.group(1))
        return {"algorithm": "bcrypt", "params": {"cost": cost}, "meets": cost >= table["bcrypt"]["cost"]}
    m = re.fullmatch(r"\$scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$[^$]+\$[^$]+", encoded)
    if m:
        n, r, p = 2 ** int(m.group(1)), int(m.group(2)), int(m.group(3))
        meets = any(n >= row["n"] and r >= row["r"] and p >= row["p"] for row in table["scrypt"])
        return {"algorithm": "scrypt", "params": {"n": n, "r": r, "p": p}, "meets": meets}
    m = re.fullmatch(r"pbkdf2_(sha1|sha256|sha512)\$(\d+)\$[^$]+\$[^$]+", encoded)
    if m:
        digest, iterations = m.group(1), int(m.group(2))
        return {"algorithm": "pbkdf2_" + digest, "params": {"iterations": iterations},
                "meets": iterations >= table["pbkdf2"][digest]}
    if re.fullmatch(r"[0-9a-f]{32}", encoded):
        return {"algorithm": "md5", "params": {}, "meets": False}
    if re.fullmatch(r"[0-9a-f]{40}", encoded):
        return {"algorithm": "sha1", "params": {}, "meets": False}
    raise ValueError(f"unrecognised hash format: {encoded[:12]}...")
'''),
        ),
        (
            "keeps scrypt's ln instead of N = 2**ln",
            dedent(r'''
def password_audit(encoded, table):
    """Return {"algorithm": str, "params": dict, "meets": bool} for a stored password hash."""
    m = re.fullmatch(r"\$(argon2id|argon2i|argon2d)\$v=\d+\$m=(\d+),t=(\d+),p=(\d+)\$[^$]+\$[^$]+", encoded)
    if m:
        algorithm, mem, t, p = m.group(1), int(m.group(2)), int(m.group(3)), int(m.group(4))
        params = {"m": mem, "t": t, "p": p}
        meets = algorithm == "argon2id" and any(
            mem >= row["m"] and t >= row["t"] and p >= row["p"] for row in table["argon2id"])
        return {"algorithm": algorithm, "params": params, "meets": meets}
    m = re.fullmatch(r"\$2[aby]\$(\d\d)\$[./A-Za-z0-9]{53}", encoded)
    if m:
        cost = int(m.group(1))
        return {"algorithm": "bcrypt", "params": {"cost": cost}, "meets": cost >= table["bcrypt"]["cost"]}
    m = re.fullmatch(r"\$scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$[^$]+\$[^$]+", encoded)
    if m:
        n, r, p = int(m.group(1)), int(m.group(2)), int(m.group(3))
        meets = any(n >= row["n"] and r >= row["r"] and p >= row["p"] for row in table["scrypt"])
        return {"algorithm": "scrypt", "params": {"n": n, "r": r, "p": p}, "meets": meets}
    m = re.fullmatch(r"pbkdf2_(sha1|sha256|sha512)\$(\d+)\$[^$]+\$[^$]+", encoded)
    if m:
        digest, iterations = m.group(1), int(m.group(2))
        return {"algorithm": "pbkdf2_" + digest, "params": {"iterations": iterations},
                "meets": iterations >= table["pbkdf2"][digest]}
    if re.fullmatch(r"[0-9a-f]{32}", encoded):
        return {"algorithm": "md5", "params": {}, "meets": False}
    if re.fullmatch(r"[0-9a-f]{40}", encoded):
        return {"algorithm": "sha1", "params": {}, "meets": False}
    raise ValueError(f"unrecognised hash format: {encoded[:12]}...")
'''),
        ),
    ],
    "login-answer": [
        (
            "never rehashes",
            dedent(r'''
def login(password, stored, target):
    """Verify password against stored; return {"ok": bool, "new_hash": str | None}."""
    secret = password.encode("utf-8")
    hasher = argon2.PasswordHasher(time_cost=target["t"], memory_cost=target["m"], parallelism=target["p"])
    if stored.startswith("$argon2"):
        try:
            ok = hasher.verify(stored, password)
        except argon2.exceptions.VerificationError:
            ok = False
        except argon2.exceptions.InvalidHashError:
            ok = False
    elif stored.startswith(("$2a$", "$2b$", "$2y$")):
        try:
            ok = bcrypt.checkpw(secret, stored.encode("ascii"))
        except ValueError:
            ok = False
    elif stored.startswith("pbkdf2_sha256$"):
        _, iterations, salt, digest = stored.split("$")
        derived = hashlib.pbkdf2_hmac("sha256", secret, salt.encode("utf-8"), int(iterations))
        ok = hmac.compare_digest(base64.b64encode(derived).decode("ascii"), digest)
    elif re.fullmatch(r"[0-9a-f]{32}", stored):
        ok = hmac.compare_digest(hashlib.md5(secret).hexdigest(), stored)
    else:
        raise ValueError("unknown hash format")
    if not ok:
        return {"ok": False, "new_hash": None}
    if stored.startswith("$argon2id$") and not hasher.check_needs_rehash(stored):
        return {"ok": True, "new_hash": None}
    return {"ok": True, "new_hash": None}
'''),
        ),
        (
            "rehashes on every successful login",
            dedent(r'''
def login(password, stored, target):
    """Verify password against stored; return {"ok": bool, "new_hash": str | None}."""
    secret = password.encode("utf-8")
    hasher = argon2.PasswordHasher(time_cost=target["t"], memory_cost=target["m"], parallelism=target["p"])
    if stored.startswith("$argon2"):
        try:
            ok = hasher.verify(stored, password)
        except argon2.exceptions.VerificationError:
            ok = False
        except argon2.exceptions.InvalidHashError:
            ok = False
    elif stored.startswith(("$2a$", "$2b$", "$2y$")):
        try:
            ok = bcrypt.checkpw(secret, stored.encode("ascii"))
        except ValueError:
            ok = False
    elif stored.startswith("pbkdf2_sha256$"):
        _, iterations, salt, digest = stored.split("$")
        derived = hashlib.pbkdf2_hmac("sha256", secret, salt.encode("utf-8"), int(iterations))
        ok = hmac.compare_digest(base64.b64encode(derived).decode("ascii"), digest)
    elif re.fullmatch(r"[0-9a-f]{32}", stored):
        ok = hmac.compare_digest(hashlib.md5(secret).hexdigest(), stored)
    else:
        raise ValueError("unknown hash format")
    if not ok:
        return {"ok": False, "new_hash": None}
    if False:
        return {"ok": True, "new_hash": None}
    return {"ok": True, "new_hash": hasher.hash(password)}
'''),
        ),
        (
            "pre-hashes the password with SHA-256 before bcrypt",
            dedent(r'''
def login(password, stored, target):
    """Verify password against stored; return {"ok": bool, "new_hash": str | None}."""
    secret = password.encode("utf-8")
    hasher = argon2.PasswordHasher(time_cost=target["t"], memory_cost=target["m"], parallelism=target["p"])
    if stored.startswith("$argon2"):
        try:
            ok = hasher.verify(stored, password)
        except argon2.exceptions.VerificationError:
            ok = False
        except argon2.exceptions.InvalidHashError:
            ok = False
    elif stored.startswith(("$2a$", "$2b$", "$2y$")):
        try:
            ok = bcrypt.checkpw(hashlib.sha256(secret).hexdigest().encode(), stored.encode("ascii"))
        except ValueError:
            ok = False
    elif stored.startswith("pbkdf2_sha256$"):
        _, iterations, salt, digest = stored.split("$")
        derived = hashlib.pbkdf2_hmac("sha256", secret, salt.encode("utf-8"), int(iterations))
        ok = hmac.compare_digest(base64.b64encode(derived).decode("ascii"), digest)
    elif re.fullmatch(r"[0-9a-f]{32}", stored):
        ok = hmac.compare_digest(hashlib.md5(secret).hexdigest(), stored)
    else:
        raise ValueError("unknown hash format")
    if not ok:
        return {"ok": False, "new_hash": None}
    if stored.startswith("$argon2id$") and not hasher.check_needs_rehash(stored):
        return {"ok": True, "new_hash": None}
    return {"ok": True, "new_hash": hasher.hash(password)}
'''),
        ),
        (
            "decodes the Django salt as base64 instead of using its text",
            dedent(r'''
def login(password, stored, target):
    """Verify password against stored; return {"ok": bool, "new_hash": str | None}."""
    secret = password.encode("utf-8")
    hasher = argon2.PasswordHasher(time_cost=target["t"], memory_cost=target["m"], parallelism=target["p"])
    if stored.startswith("$argon2"):
        try:
            ok = hasher.verify(stored, password)
        except argon2.exceptions.VerificationError:
            ok = False
        except argon2.exceptions.InvalidHashError:
            ok = False
    elif stored.startswith(("$2a$", "$2b$", "$2y$")):
        try:
            ok = bcrypt.checkpw(secret, stored.encode("ascii"))
        except ValueError:
            ok = False
    elif stored.startswith("pbkdf2_sha256$"):
        _, iterations, salt, digest = stored.split("$")
        derived = hashlib.pbkdf2_hmac("sha256", secret, base64.b64decode(salt + "=" * (-len(salt) % 4)), int(iterations))
        ok = hmac.compare_digest(base64.b64encode(derived).decode("ascii"), digest)
    elif re.fullmatch(r"[0-9a-f]{32}", stored):
        ok = hmac.compare_digest(hashlib.md5(secret).hexdigest(), stored)
    else:
        raise ValueError("unknown hash format")
    if not ok:
        return {"ok": False, "new_hash": None}
    if stored.startswith("$argon2id$") and not hasher.check_needs_rehash(stored):
        return {"ok": True, "new_hash": None}
    return {"ok": True, "new_hash": hasher.hash(password)}
'''),
        ),
        (
            "rehashes with the library's default parameters instead of the target",
            dedent(r'''
def login(password, stored, target):
    """Verify password against stored; return {"ok": bool, "new_hash": str | None}."""
    secret = password.encode("utf-8")
    hasher = argon2.PasswordHasher(time_cost=target["t"], memory_cost=target["m"], parallelism=target["p"])
    if stored.startswith("$argon2"):
        try:
            ok = hasher.verify(stored, password)
        except argon2.exceptions.VerificationError:
            ok = False
        except argon2.exceptions.InvalidHashError:
            ok = False
    elif stored.startswith(("$2a$", "$2b$", "$2y$")):
        try:
            ok = bcrypt.checkpw(secret, stored.encode("ascii"))
        except ValueError:
            ok = False
    elif stored.startswith("pbkdf2_sha256$"):
        _, iterations, salt, digest = stored.split("$")
        derived = hashlib.pbkdf2_hmac("sha256", secret, salt.encode("utf-8"), int(iterations))
        ok = hmac.compare_digest(base64.b64encode(derived).decode("ascii"), digest)
    elif re.fullmatch(r"[0-9a-f]{32}", stored):
        ok = hmac.compare_digest(hashlib.md5(secret).hexdigest(), stored)
    else:
        raise ValueError("unknown hash format")
    if not ok:
        return {"ok": False, "new_hash": None}
    if stored.startswith("$argon2id$") and not hasher.check_needs_rehash(stored):
        return {"ok": True, "new_hash": None}
    return {"ok": True, "new_hash": argon2.PasswordHasher().hash(password)}
'''),
        ),
    ],
    "otp-answer": [
        (
            "forgets to clear the top bit after dynamic truncation",
            dedent(r'''
def hotp(secret, counter, digits=6, algorithm="sha1"):
    """RFC 4226 HOTP code for a base32 secret, as a zero-padded string."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    mac = hmac.new(key, counter.to_bytes(8, "big"), algorithm).digest()
    offset = mac[-1] & 0x0F
    code = int.from_bytes(mac[offset:offset + 4], "big")
    return str(code % 10 ** digits).zfill(digits)


def totp(secret, t, step=30, digits=6, algorithm="sha1", t0=0):
    """RFC 6238 TOTP code at Unix time t."""
    return hotp(secret, (int(t) - t0) // step, digits, algorithm)
'''),
        ),
        (
            "does not zero-pad the code",
            dedent(r'''
def hotp(secret, counter, digits=6, algorithm="sha1"):
    """RFC 4226 HOTP code for a base32 secret, as a zero-padded string."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    mac = hmac.new(key, counter.to_bytes(8, "big"), algorithm).digest()
    offset = mac[-1] & 0x0F
    code = int.from_bytes(mac[offset:offset + 4], "big") & 0x7FFFFFFF
    return str(code % 10 ** digits)


def totp(secret, t, step=30, digits=6, algorithm="sha1", t0=0):
    """RFC 6238 TOTP code at Unix time t."""
    return hotp(secret, (int(t) - t0) // step, digits, algorithm)
'''),
        ),
        (
            "packs the counter little-endian",
            dedent(r'''
def hotp(secret, counter, digits=6, algorithm="sha1"):
    """RFC 4226 HOTP code for a base32 secret, as a zero-padded string."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    mac = hmac.new(key, counter.to_bytes(8, "little"), algorithm).digest()
    offset = mac[-1] & 0x0F
    code = int.from_bytes(mac[offset:offset + 4], "big") & 0x7FFFFFFF
    return str(code % 10 ** digits).zfill(digits)


def totp(secret, t, step=30, digits=6, algorithm="sha1", t0=0):
    """RFC 6238 TOTP code at Unix time t."""
    return hotp(secret, (int(t) - t0) // step, digits, algorithm)
'''),
        ),
        (
            "rounds t / step instead of taking the floor",
            dedent(r'''
def hotp(secret, counter, digits=6, algorithm="sha1"):
    """RFC 4226 HOTP code for a base32 secret, as a zero-padded string."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    mac = hmac.new(key, counter.to_bytes(8, "big"), algorithm).digest()
    offset = mac[-1] & 0x0F
    code = int.from_bytes(mac[offset:offset + 4], "big") & 0x7FFFFFFF
    return str(code % 10 ** digits).zfill(digits)


def totp(secret, t, step=30, digits=6, algorithm="sha1", t0=0):
    """RFC 6238 TOTP code at Unix time t."""
    return hotp(secret, round((t - t0) / step), digits, algorithm)
'''),
        ),
        (
            "expects padded, upper-case base32",
            dedent(r'''
def hotp(secret, counter, digits=6, algorithm="sha1"):
    """RFC 4226 HOTP code for a base32 secret, as a zero-padded string."""
    key = base64.b32decode(secret)
    mac = hmac.new(key, counter.to_bytes(8, "big"), algorithm).digest()
    offset = mac[-1] & 0x0F
    code = int.from_bytes(mac[offset:offset + 4], "big") & 0x7FFFFFFF
    return str(code % 10 ** digits).zfill(digits)


def totp(secret, t, step=30, digits=6, algorithm="sha1", t0=0):
    """RFC 6238 TOTP code at Unix time t."""
    return hotp(secret, (int(t) - t0) // step, digits, algorithm)
'''),
        ),
    ],
    "verify-answer": [
        (
            "ignores last_step, so a code can be replayed",
            dedent(r'''
def verify_totp(secret, code, t, last_step=None, window=1, step=30, digits=6):
    """Return the time step the code matches (within the window, after last_step), or None."""
    current = int(t) // step
    for candidate in range(current - window, current + window + 1):
        if candidate < 0:
            continue
        if hmac.compare_digest(hotp(secret, candidate, digits), code):
            return candidate
    return None
'''),
        ),
        (
            "accepts the step that already succeeded (< instead of <=)",
            dedent(r'''
def verify_totp(secret, code, t, last_step=None, window=1, step=30, digits=6):
    """Return the time step the code matches (within the window, after last_step), or None."""
    current = int(t) // step
    for candidate in range(current - window, current + window + 1):
        if candidate < 0 or (last_step is not None and candidate < last_step):
            continue
        if hmac.compare_digest(hotp(secret, candidate, digits), code):
            return candidate
    return None
'''),
        ),
        (
            "checks only the current step",
            dedent(r'''
def verify_totp(secret, code, t, last_step=None, window=1, step=30, digits=6):
    """Return the time step the code matches (within the window, after last_step), or None."""
    current = int(t) // step
    for candidate in range(current, current + 1):
        if candidate < 0 or (last_step is not None and candidate <= last_step):
            continue
        if hmac.compare_digest(hotp(secret, candidate, digits), code):
            return candidate
    return None
'''),
        ),
        (
            "tolerates drift only into the past",
            dedent(r'''
def verify_totp(secret, code, t, last_step=None, window=1, step=30, digits=6):
    """Return the time step the code matches (within the window, after last_step), or None."""
    current = int(t) // step
    for candidate in range(current - window, current + 1):
        if candidate < 0 or (last_step is not None and candidate <= last_step):
            continue
        if hmac.compare_digest(hotp(secret, candidate, digits), code):
            return candidate
    return None
'''),
        ),
    ],
    "webauthn-answer": [
        (
            "does not check the origin",
            dedent(r'''
def verify_assertion(assertion, expected):
    """Return "ok" or the reason the first failing WebAuthn check fails."""
    credential = expected["credentials"].get(assertion["credentialId"])
    if credential is None:
        return "unknown-credential"
    client = json.loads(assertion["clientDataJSON"])
    if client.get("type") != "webauthn.get":
        return "wrong-type"
    if not hmac.compare_digest(client.get("challenge", ""), expected["challenge"]):
        return "challenge-mismatch"
    auth = bytes.fromhex(assertion["authenticatorData"])
    if auth[:32] != hashlib.sha256(expected["rp_id"].encode()).digest():
        return "rp-id-mismatch"
    if not auth[32] & 0x01:
        return "user-not-present"
    message = auth + hashlib.sha256(assertion["clientDataJSON"].encode("utf-8")).digest()
    if not signature_valid(credential["key"], message.hex(), assertion["signature"]):
        return "bad-signature"
    count = int.from_bytes(auth[33:37], "big")
    if (count or credential["sign_count"]) and count <= credential["sign_count"]:
        return "counter-regression"
    return "ok"
'''),
        ),
        (
            "checks the origin with startswith",
            dedent(r'''
def verify_assertion(assertion, expected):
    """Return "ok" or the reason the first failing WebAuthn check fails."""
    credential = expected["credentials"].get(assertion["credentialId"])
    if credential is None:
        return "unknown-credential"
    client = json.loads(assertion["clientDataJSON"])
    if client.get("type") != "webauthn.get":
        return "wrong-type"
    if not hmac.compare_digest(client.get("challenge", ""), expected["challenge"]):
        return "challenge-mismatch"
    if not client.get("origin", "").startswith(expected["origin"]):
        return "origin-mismatch"
    auth = bytes.fromhex(assertion["authenticatorData"])
    if auth[:32] != hashlib.sha256(expected["rp_id"].encode()).digest():
        return "rp-id-mismatch"
    if not auth[32] & 0x01:
        return "user-not-present"
    message = auth + hashlib.sha256(assertion["clientDataJSON"].encode("utf-8")).digest()
    if not signature_valid(credential["key"], message.hex(), assertion["signature"]):
        return "bad-signature"
    count = int.from_bytes(auth[33:37], "big")
    if (count or credential["sign_count"]) and count <= credential["sign_count"]:
        return "counter-regression"
    return "ok"
'''),
        ),
        (
            "signs clientDataJSON itself instead of its SHA-256",
            dedent(r'''
def verify_assertion(assertion, expected):
    """Return "ok" or the reason the first failing WebAuthn check fails."""
    credential = expected["credentials"].get(assertion["credentialId"])
    if credential is None:
        return "unknown-credential"
    client = json.loads(assertion["clientDataJSON"])
    if client.get("type") != "webauthn.get":
        return "wrong-type"
    if not hmac.compare_digest(client.get("challenge", ""), expected["challenge"]):
        return "challenge-mismatch"
    if client.get("origin") != expected["origin"]:
        return "origin-mismatch"
    auth = bytes.fromhex(assertion["authenticatorData"])
    if auth[:32] != hashlib.sha256(expected["rp_id"].encode()).digest():
        return "rp-id-mismatch"
    if not auth[32] & 0x01:
        return "user-not-present"
    message = auth + assertion["clientDataJSON"].encode("utf-8")
    if not signature_valid(credential["key"], message.hex(), assertion["signature"]):
        return "bad-signature"
    count = int.from_bytes(auth[33:37], "big")
    if (count or credential["sign_count"]) and count <= credential["sign_count"]:
        return "counter-regression"
    return "ok"
'''),
        ),
        (
            "ignores the signature counter",
            dedent(r'''
def verify_assertion(assertion, expected):
    """Return "ok" or the reason the first failing WebAuthn check fails."""
    credential = expected["credentials"].get(assertion["credentialId"])
    if credential is None:
        return "unknown-credential"
    client = json.loads(assertion["clientDataJSON"])
    if client.get("type") != "webauthn.get":
        return "wrong-type"
    if not hmac.compare_digest(client.get("challenge", ""), expected["challenge"]):
        return "challenge-mismatch"
    if client.get("origin") != expected["origin"]:
        return "origin-mismatch"
    auth = bytes.fromhex(assertion["authenticatorData"])
    if auth[:32] != hashlib.sha256(expected["rp_id"].encode()).digest():
        return "rp-id-mismatch"
    if not auth[32] & 0x01:
        return "user-not-present"
    message = auth + hashlib.sha256(assertion["clientDataJSON"].encode("utf-8")).digest()
    if not signature_valid(credential["key"], message.hex(), assertion["signature"]):
        return "bad-signature"
    count = int.from_bytes(auth[33:37], "big")
    return "ok"
'''),
        ),
        (
            "reads the user-present flag from the wrong byte",
            dedent(r'''
def verify_assertion(assertion, expected):
    """Return "ok" or the reason the first failing WebAuthn check fails."""
    credential = expected["credentials"].get(assertion["credentialId"])
    if credential is None:
        return "unknown-credential"
    client = json.loads(assertion["clientDataJSON"])
    if client.get("type") != "webauthn.get":
        return "wrong-type"
    if not hmac.compare_digest(client.get("challenge", ""), expected["challenge"]):
        return "challenge-mismatch"
    if client.get("origin") != expected["origin"]:
        return "origin-mismatch"
    auth = bytes.fromhex(assertion["authenticatorData"])
    if auth[:32] != hashlib.sha256(expected["rp_id"].encode()).digest():
        return "rp-id-mismatch"
    if not auth[33] & 0x01:
        return "user-not-present"
    message = auth + hashlib.sha256(assertion["clientDataJSON"].encode("utf-8")).digest()
    if not signature_valid(credential["key"], message.hex(), assertion["signature"]):
        return "bad-signature"
    count = int.from_bytes(auth[33:37], "big")
    if (count or credential["sign_count"]) and count <= credential["sign_count"]:
        return "counter-regression"
    return "ok"
'''),
        ),
    ],
    "secrets-answer": [
        (
            "regex rules only, no entropy rule",
            dedent(r'''
def scan_secrets(files):
    """Return sorted [[path, line_number], ...] of lines that leak a secret."""
    known = [
        re.compile(r"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b"),
        re.compile(r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----"),
        re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36}\b"),
        re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}"),
    ]
    url_cred = re.compile(r"[a-z][a-z0-9+.-]*://[^\s:/@]+:([^\s@/]+)@")
    assignment = re.compile(
        r"""(?i)([a-z0-9_.-]*(?:password|passwd|pwd|secret|token|api_?key|access_?key|private_?key)[a-z0-9_.-]*)"""
        r"""["']?\s*[:=]\s*["']?([^"'\s,;#]*)""")
    token = re.compile(r"[A-Za-z0-9+/=_-]{20,}")

    def placeholder(value):
        low = value.lower()
        return (len(value) < 8 or any(w in low for w in PLACEHOLDER_WORDS)
                or value.startswith(("$", "%", "<", "{")) or set(value) <= {"*", "x", "X", "."})

    def entropy(s):
        counts = {c: s.count(c) for c in set(s)}
        return -sum(n / len(s) * math.log2(n / len(s)) for n in counts.values())

    def high_entropy(line):
        if any(marker in line for marker in ("sha256:", "sha384:", "sha512:", "sha512-", "integrity")):
            return False
        for tok in token.findall(line):
            if (re.search(r"[a-z]", tok) and re.search(r"[A-Z]", tok) and re.search(r"[0-9]", tok)
                    and entropy(tok) >= ENTROPY_THRESHOLD):
                return True
        return False

    findings = []
    for path, text in files.items():
        name = path.rsplit("/", 1)[-1]
        if name in LOCK_FILES or name.endswith(".lock"):
            continue
        in_key_block = False
        for number, line in enumerate(text.splitlines(), start=1):
            if in_key_block:
                in_key_block = "PRIVATE KEY-----" not in line or "-----END" not in line
                continue
            if "pragma: allowlist secret" in line:
                continue
            if known[1].search(line):
                in_key_block = True
            hit = any(p.search(line) and not p.search(line).group(0).endswith("EXAMPLE") for p in known)
            hit = hit or any(not placeholder(v) for v in url_cred.findall(line))
            hit = hit or any(not placeholder(v) for _, v in assignment.findall(line))
            pass
            if hit:
                findings.append([path, number])
    return sorted(findings)
'''),
        ),
        (
            "entropy rule only",
            dedent(r'''
def scan_secrets(files):
    """Return sorted [[path, line_number], ...] of lines that leak a secret."""
    known = [
        re.compile(r"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b"),
        re.compile(r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----"),
        re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36}\b"),
        re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}"),
    ]
    url_cred = re.compile(r"[a-z][a-z0-9+.-]*://[^\s:/@]+:([^\s@/]+)@")
    assignment = re.compile(
        r"""(?i)([a-z0-9_.-]*(?:password|passwd|pwd|secret|token|api_?key|access_?key|private_?key)[a-z0-9_.-]*)"""
        r"""["']?\s*[:=]\s*["']?([^"'\s,;#]*)""")
    token = re.compile(r"[A-Za-z0-9+/=_-]{20,}")

    def placeholder(value):
        low = value.lower()
        return (len(value) < 8 or any(w in low for w in PLACEHOLDER_WORDS)
                or value.startswith(("$", "%", "<", "{")) or set(value) <= {"*", "x", "X", "."})

    def entropy(s):
        counts = {c: s.count(c) for c in set(s)}
        return -sum(n / len(s) * math.log2(n / len(s)) for n in counts.values())

    def high_entropy(line):
        if any(marker in line for marker in ("sha256:", "sha384:", "sha512:", "sha512-", "integrity")):
            return False
        for tok in token.findall(line):
            if (re.search(r"[a-z]", tok) and re.search(r"[A-Z]", tok) and re.search(r"[0-9]", tok)
                    and entropy(tok) >= ENTROPY_THRESHOLD):
                return True
        return False

    findings = []
    for path, text in files.items():
        name = path.rsplit("/", 1)[-1]
        if name in LOCK_FILES or name.endswith(".lock"):
            continue
        in_key_block = False
        for number, line in enumerate(text.splitlines(), start=1):
            if in_key_block:
                in_key_block = "PRIVATE KEY-----" not in line or "-----END" not in line
                continue
            if "pragma: allowlist secret" in line:
                continue
            if known[1].search(line):
                in_key_block = True
            hit = False
            pass
            pass
            hit = hit or high_entropy(line)
            if hit:
                findings.append([path, number])
    return sorted(findings)
'''),
        ),
        (
            "matches key names case-sensitively",
            dedent(r'''
def scan_secrets(files):
    """Return sorted [[path, line_number], ...] of lines that leak a secret."""
    known = [
        re.compile(r"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b"),
        re.compile(r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----"),
        re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36}\b"),
        re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}"),
    ]
    url_cred = re.compile(r"[a-z][a-z0-9+.-]*://[^\s:/@]+:([^\s@/]+)@")
    assignment = re.compile(
        r"""([a-z0-9_.-]*(?:password|passwd|pwd|secret|token|api_?key|access_?key|private_?key)[a-z0-9_.-]*)"""
        r"""["']?\s*[:=]\s*["']?([^"'\s,;#]*)""")
    token = re.compile(r"[A-Za-z0-9+/=_-]{20,}")

    def placeholder(value):
        low = value.lower()
        return (len(value) < 8 or any(w in low for w in PLACEHOLDER_WORDS)
                or value.startswith(("$", "%", "<", "{")) or set(value) <= {"*", "x", "X", "."})

    def entropy(s):
        counts = {c: s.count(c) for c in set(s)}
        return -sum(n / len(s) * math.log2(n / len(s)) for n in counts.values())

    def high_entropy(line):
        if any(marker in line for marker in ("sha256:", "sha384:", "sha512:", "sha512-", "integrity")):
            return False
        for tok in token.findall(line):
            if (re.search(r"[a-z]", tok) and re.search(r"[A-Z]", tok) and re.search(r"[0-9]", tok)
                    and entropy(tok) >= ENTROPY_THRESHOLD):
                return True
        return False

    findings = []
    for path, text in files.items():
        name = path.rsplit("/", 1)[-1]
        if name in LOCK_FILES or name.endswith(".lock"):
            continue
        in_key_block = False
        for number, line in enumerate(text.splitlines(), start=1):
            if in_key_block:
                in_key_block = "PRIVATE KEY-----" not in line or "-----END" not in line
                continue
            if "pragma: allowlist secret" in line:
                continue
            if known[1].search(line):
                in_key_block = True
            hit = any(p.search(line) and not p.search(line).group(0).endswith("EXAMPLE") for p in known)
            hit = hit or any(not placeholder(v) for v in url_cred.findall(line))
            hit = hit or any(not placeholder(v) for _, v in assignment.findall(line))
            hit = hit or high_entropy(line)
            if hit:
                findings.append([path, number])
    return sorted(findings)
'''),
        ),
        (
            "does not skip lock files",
            dedent(r'''
def scan_secrets(files):
    """Return sorted [[path, line_number], ...] of lines that leak a secret."""
    known = [
        re.compile(r"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b"),
        re.compile(r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----"),
        re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36}\b"),
        re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}"),
    ]
    url_cred = re.compile(r"[a-z][a-z0-9+.-]*://[^\s:/@]+:([^\s@/]+)@")
    assignment = re.compile(
        r"""(?i)([a-z0-9_.-]*(?:password|passwd|pwd|secret|token|api_?key|access_?key|private_?key)[a-z0-9_.-]*)"""
        r"""["']?\s*[:=]\s*["']?([^"'\s,;#]*)""")
    token = re.compile(r"[A-Za-z0-9+/=_-]{20,}")

    def placeholder(value):
        low = value.lower()
        return (len(value) < 8 or any(w in low for w in PLACEHOLDER_WORDS)
                or value.startswith(("$", "%", "<", "{")) or set(value) <= {"*", "x", "X", "."})

    def entropy(s):
        counts = {c: s.count(c) for c in set(s)}
        return -sum(n / len(s) * math.log2(n / len(s)) for n in counts.values())

    def high_entropy(line):
        if any(marker in line for marker in ("sha256:", "sha384:", "sha512:", "sha512-", "integrity")):
            return False
        for tok in token.findall(line):
            if (re.search(r"[a-z]", tok) and re.search(r"[A-Z]", tok) and re.search(r"[0-9]", tok)
                    and entropy(tok) >= ENTROPY_THRESHOLD):
                return True
        return False

    findings = []
    for path, text in files.items():
        name = path.rsplit("/", 1)[-1]
        if False:
            continue
        in_key_block = False
        for number, line in enumerate(text.splitlines(), start=1):
            if in_key_block:
                in_key_block = "PRIVATE KEY-----" not in line or "-----END" not in line
                continue
            if "pragma: allowlist secret" in line:
                continue
            if known[1].search(line):
                in_key_block = True
            hit = any(p.search(line) and not p.search(line).group(0).endswith("EXAMPLE") for p in known)
            hit = hit or any(not placeholder(v) for v in url_cred.findall(line))
            hit = hit or any(not placeholder(v) for _, v in assignment.findall(line))
            hit = hit or high_entropy(line)
            if hit:
                findings.append([path, number])
    return sorted(findings)
'''),
        ),
        (
            "reports every line of a private key block",
            dedent(r'''
def scan_secrets(files):
    """Return sorted [[path, line_number], ...] of lines that leak a secret."""
    known = [
        re.compile(r"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b"),
        re.compile(r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----"),
        re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36}\b"),
        re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}"),
    ]
    url_cred = re.compile(r"[a-z][a-z0-9+.-]*://[^\s:/@]+:([^\s@/]+)@")
    assignment = re.compile(
        r"""(?i)([a-z0-9_.-]*(?:password|passwd|pwd|secret|token|api_?key|access_?key|private_?key)[a-z0-9_.-]*)"""
        r"""["']?\s*[:=]\s*["']?([^"'\s,;#]*)""")
    token = re.compile(r"[A-Za-z0-9+/=_-]{20,}")

    def placeholder(value):
        low = value.lower()
        return (len(value) < 8 or any(w in low for w in PLACEHOLDER_WORDS)
                or value.startswith(("$", "%", "<", "{")) or set(value) <= {"*", "x", "X", "."})

    def entropy(s):
        counts = {c: s.count(c) for c in set(s)}
        return -sum(n / len(s) * math.log2(n / len(s)) for n in counts.values())

    def high_entropy(line):
        if any(marker in line for marker in ("sha256:", "sha384:", "sha512:", "sha512-", "integrity")):
            return False
        for tok in token.findall(line):
            if (re.search(r"[a-z]", tok) and re.search(r"[A-Z]", tok) and re.search(r"[0-9]", tok)
                    and entropy(tok) >= ENTROPY_THRESHOLD):
                return True
        return False

    findings = []
    for path, text in files.items():
        name = path.rsplit("/", 1)[-1]
        if name in LOCK_FILES or name.endswith(".lock"):
            continue
        in_key_block = False
        for number, line in enumerate(text.splitlines(), start=1):
            if in_key_block:
                in_key_block = "PRIVATE KEY-----" not in line or "-----END" not in line
                continue
            if "pragma: allowlist secret" in line:
                continue
            hit = any(p.search(line) and not p.search(line).group(0).endswith("EXAMPLE") for p in known)
            hit = hit or any(not placeholder(v) for v in url_cred.findall(line))
            hit = hit or any(not placeholder(v) for _, v in assignment.findall(line))
            hit = hit or high_entropy(line)
            if hit:
                findings.append([path, number])
    return sorted(findings)
'''),
        ),
    ],
    "requirements-answer": [
        (
            "checks only the first listed hash",
            dedent(r'''
def check_requirements(text, artifacts):
    """Return sorted [[line_number, code], ...] findings for a requirements file."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    entries = []  # (line number, requirement text, hashes)
    logical, start = "", None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split(" #", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if start is None:
            start = number
        cont = line.endswith("\\")
        logical += " " + line.rstrip("\\").strip()
        if cont:
            continue
        stmt, first = logical.strip(), start
        logical, start = "", None
        if not stmt or stmt.startswith("-"):
            continue
        hashes = re.findall(r"--hash[= ]([a-z0-9]+:[0-9a-f]+)", stmt)
        spec = re.split(r"\s--", stmt)[0].strip()
        entries.append((first, spec, hashes))

    digests = {}
    for filename, content in artifacts.items():
        name, version = filename.split("-")[:2]
        digests[(canonicalize_name(name), version)] = hashlib.sha256(bytes.fromhex(content)).hexdigest()

    hash_mode = any(h for _, _, h in entries)
    findings = []
    for number, spec, hashes in entries:
        if re.match(r"^(git\+|hg\+|svn\+|bzr\+|https?://|file:)", spec) or " @ " in spec or "@ " in spec:
            findings.append([number, "direct-url"])
            if hash_mode and not hashes:
                findings.append([number, "missing-hash"])
            continue
        req = Requirement(spec)
        pins = [s for s in req.specifier if s.operator in ("==", "===") and "*" not in s.version]
        if len(pins) != 1 or len(req.specifier) != 1:
            findings.append([number, "unpinned"])
        if hash_mode and not hashes:
            findings.append([number, "missing-hash"])
        if pins and hashes:
            digest = digests.get((canonicalize_name(req.name), pins[0].version))
            listed = {hashes[0].split(":", 1)[1]}
            if digest is not None and digest not in listed:
                findings.append([number, "hash-mismatch"])
    return sorted(findings)
'''),
        ),
        (
            "hashes the hex text instead of the file's bytes",
            dedent(r'''
def check_requirements(text, artifacts):
    """Return sorted [[line_number, code], ...] findings for a requirements file."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    entries = []  # (line number, requirement text, hashes)
    logical, start = "", None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split(" #", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if start is None:
            start = number
        cont = line.endswith("\\")
        logical += " " + line.rstrip("\\").strip()
        if cont:
            continue
        stmt, first = logical.strip(), start
        logical, start = "", None
        if not stmt or stmt.startswith("-"):
            continue
        hashes = re.findall(r"--hash[= ]([a-z0-9]+:[0-9a-f]+)", stmt)
        spec = re.split(r"\s--", stmt)[0].strip()
        entries.append((first, spec, hashes))

    digests = {}
    for filename, content in artifacts.items():
        name, version = filename.split("-")[:2]
        digests[(canonicalize_name(name), version)] = hashlib.sha256(content.encode()).hexdigest()

    hash_mode = any(h for _, _, h in entries)
    findings = []
    for number, spec, hashes in entries:
        if re.match(r"^(git\+|hg\+|svn\+|bzr\+|https?://|file:)", spec) or " @ " in spec or "@ " in spec:
            findings.append([number, "direct-url"])
            if hash_mode and not hashes:
                findings.append([number, "missing-hash"])
            continue
        req = Requirement(spec)
        pins = [s for s in req.specifier if s.operator in ("==", "===") and "*" not in s.version]
        if len(pins) != 1 or len(req.specifier) != 1:
            findings.append([number, "unpinned"])
        if hash_mode and not hashes:
            findings.append([number, "missing-hash"])
        if pins and hashes:
            digest = digests.get((canonicalize_name(req.name), pins[0].version))
            listed = {h.split(":", 1)[1] for h in hashes if h.startswith("sha256:")}
            if digest is not None and digest not in listed:
                findings.append([number, "hash-mismatch"])
    return sorted(findings)
'''),
        ),
        (
            "treats >= and ranges as pinned",
            dedent(r'''
def check_requirements(text, artifacts):
    """Return sorted [[line_number, code], ...] findings for a requirements file."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    entries = []  # (line number, requirement text, hashes)
    logical, start = "", None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split(" #", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if start is None:
            start = number
        cont = line.endswith("\\")
        logical += " " + line.rstrip("\\").strip()
        if cont:
            continue
        stmt, first = logical.strip(), start
        logical, start = "", None
        if not stmt or stmt.startswith("-"):
            continue
        hashes = re.findall(r"--hash[= ]([a-z0-9]+:[0-9a-f]+)", stmt)
        spec = re.split(r"\s--", stmt)[0].strip()
        entries.append((first, spec, hashes))

    digests = {}
    for filename, content in artifacts.items():
        name, version = filename.split("-")[:2]
        digests[(canonicalize_name(name), version)] = hashlib.sha256(bytes.fromhex(content)).hexdigest()

    hash_mode = any(h for _, _, h in entries)
    findings = []
    for number, spec, hashes in entries:
        if re.match(r"^(git\+|hg\+|svn\+|bzr\+|https?://|file:)", spec) or " @ " in spec or "@ " in spec:
            findings.append([number, "direct-url"])
            if hash_mode and not hashes:
                findings.append([number, "missing-hash"])
            continue
        req = Requirement(spec)
        pins = [s for s in req.specifier if s.operator in ("==", "===") and "*" not in s.version]
        if len(req.specifier) == 0:
            findings.append([number, "unpinned"])
        if hash_mode and not hashes:
            findings.append([number, "missing-hash"])
        if pins and hashes:
            digest = digests.get((canonicalize_name(req.name), pins[0].version))
            listed = {h.split(":", 1)[1] for h in hashes if h.startswith("sha256:")}
            if digest is not None and digest not in listed:
                findings.append([number, "hash-mismatch"])
    return sorted(findings)
'''),
        ),
        (
            "reports the last physical line of a continued requirement",
            dedent(r'''
def check_requirements(text, artifacts):
    """Return sorted [[line_number, code], ...] findings for a requirements file."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    entries = []  # (line number, requirement text, hashes)
    logical, start = "", None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split(" #", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if start is None:
            start = number
        cont = line.endswith("\\")
        logical += " " + line.rstrip("\\").strip()
        if cont:
            continue
        stmt, first = logical.strip(), start
        logical, start = "", None
        if not stmt or stmt.startswith("-"):
            continue
        hashes = re.findall(r"--hash[= ]([a-z0-9]+:[0-9a-f]+)", stmt)
        spec = re.split(r"\s--", stmt)[0].strip()
        entries.append((number, spec, hashes))

    digests = {}
    for filename, content in artifacts.items():
        name, version = filename.split("-")[:2]
        digests[(canonicalize_name(name), version)] = hashlib.sha256(bytes.fromhex(content)).hexdigest()

    hash_mode = any(h for _, _, h in entries)
    findings = []
    for number, spec, hashes in entries:
        if re.match(r"^(git\+|hg\+|svn\+|bzr\+|https?://|file:)", spec) or " @ " in spec or "@ " in spec:
            findings.append([number, "direct-url"])
            if hash_mode and not hashes:
                findings.append([number, "missing-hash"])
            continue
        req = Requirement(spec)
        pins = [s for s in req.specifier if s.operator in ("==", "===") and "*" not in s.version]
        if len(pins) != 1 or len(req.specifier) != 1:
            findings.append([number, "unpinned"])
        if hash_mode and not hashes:
            findings.append([number, "missing-hash"])
        if pins and hashes:
            digest = digests.get((canonicalize_name(req.name), pins[0].version))
            listed = {h.split(":", 1)[1] for h in hashes if h.startswith("sha256:")}
            if digest is not None and digest not in listed:
                findings.append([number, "hash-mismatch"])
    return sorted(findings)
'''),
        ),
        (
            "matches artifact names without PEP 503 normalisation",
            dedent(r'''
def check_requirements(text, artifacts):
    """Return sorted [[line_number, code], ...] findings for a requirements file."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    entries = []  # (line number, requirement text, hashes)
    logical, start = "", None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split(" #", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if start is None:
            start = number
        cont = line.endswith("\\")
        logical += " " + line.rstrip("\\").strip()
        if cont:
            continue
        stmt, first = logical.strip(), start
        logical, start = "", None
        if not stmt or stmt.startswith("-"):
            continue
        hashes = re.findall(r"--hash[= ]([a-z0-9]+:[0-9a-f]+)", stmt)
        spec = re.split(r"\s--", stmt)[0].strip()
        entries.append((first, spec, hashes))

    digests = {}
    for filename, content in artifacts.items():
        name, version = filename.split("-")[:2]
        digests[(name, version)] = hashlib.sha256(bytes.fromhex(content)).hexdigest()

    hash_mode = any(h for _, _, h in entries)
    findings = []
    for number, spec, hashes in entries:
        if re.match(r"^(git\+|hg\+|svn\+|bzr\+|https?://|file:)", spec) or " @ " in spec or "@ " in spec:
            findings.append([number, "direct-url"])
            if hash_mode and not hashes:
                findings.append([number, "missing-hash"])
            continue
        req = Requirement(spec)
        pins = [s for s in req.specifier if s.operator in ("==", "===") and "*" not in s.version]
        if len(pins) != 1 or len(req.specifier) != 1:
            findings.append([number, "unpinned"])
        if hash_mode and not hashes:
            findings.append([number, "missing-hash"])
        if pins and hashes:
            digest = digests.get((req.name, pins[0].version))
            listed = {h.split(":", 1)[1] for h in hashes if h.startswith("sha256:")}
            if digest is not None and digest not in listed:
                findings.append([number, "hash-mismatch"])
    return sorted(findings)
'''),
        ),
    ],
    "review-answer": [
        (
            "compares versions as text",
            dedent(r'''
def review_change(old_text, new_text, provenance, min_level):
    """Summarise a requirements change for review (see the task for the keys)."""
    from packaging.utils import canonicalize_name
    from packaging.version import Version

    def parse(text):
        joined = re.sub(r"\\\s*\n", " ", text)
        pins = {}
        for line in joined.splitlines():
            line = line.split("#", 1)[0].strip()
            m = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*==\s*([^\s;]+)", line)
            if m:
                hashes = frozenset(re.findall(r"--hash[= ]sha256:([0-9a-f]+)", line))
                pins[canonicalize_name(m.group(1))] = (m.group(2), hashes)
        return pins

    def level(p):
        if not p or not p.get("provenance"):
            return 0
        if not (p.get("hosted_build") and p.get("signed_by_platform")):
            return 1
        if not (p.get("isolated_builds") and p.get("signing_key_isolated")):
            return 2
        return 3

    old, new = parse(old_text), parse(new_text)
    result = {"added": sorted(set(new) - set(old)), "removed": sorted(set(old) - set(new)),
              "upgraded": [], "downgraded": [], "rehashed": [], "below_slsa": []}
    for name in sorted(set(old) & set(new)):
        (v_old, h_old), (v_new, h_new) = old[name], new[name]
        if v_new > v_old:
            result["upgraded"].append([name, v_old, v_new])
        elif v_new < v_old:
            result["downgraded"].append([name, v_old, v_new])
        elif h_old != h_new:
            result["rehashed"].append(name)
    changed = result["added"] + [row[0] for row in result["upgraded"] + result["downgraded"]] + result["rehashed"]
    result["below_slsa"] = sorted(n for n in changed if level(provenance.get(n)) < min_level)
    return result
'''),
        ),
        (
            "does not normalise package names",
            dedent(r'''
def review_change(old_text, new_text, provenance, min_level):
    """Summarise a requirements change for review (see the task for the keys)."""
    from packaging.utils import canonicalize_name
    from packaging.version import Version

    def parse(text):
        joined = re.sub(r"\\\s*\n", " ", text)
        pins = {}
        for line in joined.splitlines():
            line = line.split("#", 1)[0].strip()
            m = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*==\s*([^\s;]+)", line)
            if m:
                hashes = frozenset(re.findall(r"--hash[= ]sha256:([0-9a-f]+)", line))
                pins[m.group(1)] = (m.group(2), hashes)
        return pins

    def level(p):
        if not p or not p.get("provenance"):
            return 0
        if not (p.get("hosted_build") and p.get("signed_by_platform")):
            return 1
        if not (p.get("isolated_builds") and p.get("signing_key_isolated")):
            return 2
        return 3

    old, new = parse(old_text), parse(new_text)
    result = {"added": sorted(set(new) - set(old)), "removed": sorted(set(old) - set(new)),
              "upgraded": [], "downgraded": [], "rehashed": [], "below_slsa": []}
    for name in sorted(set(old) & set(new)):
        (v_old, h_old), (v_new, h_new) = old[name], new[name]
        if Version(v_new) > Version(v_old):
            result["upgraded"].append([name, v_old, v_new])
        elif Version(v_new) < Version(v_old):
            result["downgraded"].append([name, v_old, v_new])
        elif h_old != h_new:
            result["rehashed"].append(name)
    changed = result["added"] + [row[0] for row in result["upgraded"] + result["downgraded"]] + result["rehashed"]
    result["below_slsa"] = sorted(n for n in changed if level(provenance.get(n)) < min_level)
    return result
'''),
        ),
        (
            "adds up SLSA flags instead of requiring every lower level",
            dedent(r'''
def review_change(old_text, new_text, provenance, min_level):
    """Summarise a requirements change for review (see the task for the keys)."""
    from packaging.utils import canonicalize_name
    from packaging.version import Version

    def parse(text):
        joined = re.sub(r"\\\s*\n", " ", text)
        pins = {}
        for line in joined.splitlines():
            line = line.split("#", 1)[0].strip()
            m = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*==\s*([^\s;]+)", line)
            if m:
                hashes = frozenset(re.findall(r"--hash[= ]sha256:([0-9a-f]+)", line))
                pins[canonicalize_name(m.group(1))] = (m.group(2), hashes)
        return pins

    def level(p):
        if not p:
            return 0
        return (bool(p.get("provenance")) + bool(p.get("hosted_build") and p.get("signed_by_platform"))
                + bool(p.get("isolated_builds") and p.get("signing_key_isolated")))

    old, new = parse(old_text), parse(new_text)
    result = {"added": sorted(set(new) - set(old)), "removed": sorted(set(old) - set(new)),
              "upgraded": [], "downgraded": [], "rehashed": [], "below_slsa": []}
    for name in sorted(set(old) & set(new)):
        (v_old, h_old), (v_new, h_new) = old[name], new[name]
        if Version(v_new) > Version(v_old):
            result["upgraded"].append([name, v_old, v_new])
        elif Version(v_new) < Version(v_old):
            result["downgraded"].append([name, v_old, v_new])
        elif h_old != h_new:
            result["rehashed"].append(name)
    changed = result["added"] + [row[0] for row in result["upgraded"] + result["downgraded"]] + result["rehashed"]
    result["below_slsa"] = sorted(n for n in changed if level(provenance.get(n)) < min_level)
    return result
'''),
        ),
        (
            "checks SLSA levels only for newly added packages",
            dedent(r'''
def review_change(old_text, new_text, provenance, min_level):
    """Summarise a requirements change for review (see the task for the keys)."""
    from packaging.utils import canonicalize_name
    from packaging.version import Version

    def parse(text):
        joined = re.sub(r"\\\s*\n", " ", text)
        pins = {}
        for line in joined.splitlines():
            line = line.split("#", 1)[0].strip()
            m = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*==\s*([^\s;]+)", line)
            if m:
                hashes = frozenset(re.findall(r"--hash[= ]sha256:([0-9a-f]+)", line))
                pins[canonicalize_name(m.group(1))] = (m.group(2), hashes)
        return pins

    def level(p):
        if not p or not p.get("provenance"):
            return 0
        if not (p.get("hosted_build") and p.get("signed_by_platform")):
            return 1
        if not (p.get("isolated_builds") and p.get("signing_key_isolated")):
            return 2
        return 3

    old, new = parse(old_text), parse(new_text)
    result = {"added": sorted(set(new) - set(old)), "removed": sorted(set(old) - set(new)),
              "upgraded": [], "downgraded": [], "rehashed": [], "below_slsa": []}
    for name in sorted(set(old) & set(new)):
        (v_old, h_old), (v_new, h_new) = old[name], new[name]
        if Version(v_new) > Version(v_old):
            result["upgraded"].append([name, v_old, v_new])
        elif Version(v_new) < Version(v_old):
            result["downgraded"].append([name, v_old, v_new])
        elif h_old != h_new:
            result["rehashed"].append(name)
    changed = result["added"]
    result["below_slsa"] = sorted(n for n in changed if level(provenance.get(n)) < min_level)
    return result
'''),
        ),
        (
            "misses re-published files (ignores hashes)",
            dedent(r'''
def review_change(old_text, new_text, provenance, min_level):
    """Summarise a requirements change for review (see the task for the keys)."""
    from packaging.utils import canonicalize_name
    from packaging.version import Version

    def parse(text):
        joined = re.sub(r"\\\s*\n", " ", text)
        pins = {}
        for line in joined.splitlines():
            line = line.split("#", 1)[0].strip()
            m = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*==\s*([^\s;]+)", line)
            if m:
                hashes = frozenset(re.findall(r"--hash[= ]sha256:([0-9a-f]+)", line))
                pins[canonicalize_name(m.group(1))] = (m.group(2), hashes)
        return pins

    def level(p):
        if not p or not p.get("provenance"):
            return 0
        if not (p.get("hosted_build") and p.get("signed_by_platform")):
            return 1
        if not (p.get("isolated_builds") and p.get("signing_key_isolated")):
            return 2
        return 3

    old, new = parse(old_text), parse(new_text)
    result = {"added": sorted(set(new) - set(old)), "removed": sorted(set(old) - set(new)),
              "upgraded": [], "downgraded": [], "rehashed": [], "below_slsa": []}
    for name in sorted(set(old) & set(new)):
        (v_old, h_old), (v_new, h_new) = old[name], new[name]
        if Version(v_new) > Version(v_old):
            result["upgraded"].append([name, v_old, v_new])
        elif Version(v_new) < Version(v_old):
            result["downgraded"].append([name, v_old, v_new])
        elif False:
            result["rehashed"].append(name)
    changed = result["added"] + [row[0] for row in result["upgraded"] + result["downgraded"]] + result["rehashed"]
    result["below_slsa"] = sorted(n for n in changed if level(provenance.get(n)) < min_level)
    return result
'''),
        ),
    ],
}

ALTERNATIVE = {
    "audit-answer": [
        dedent(r"""
import re


def password_audit(encoded, table):
    parts = encoded.split("$")
    if encoded.startswith("$argon2") and len(parts) == 6:
        variant = parts[1]
        fields = dict(kv.split("=") for kv in parts[3].split(","))
        params = {k: int(fields[k]) for k in ("m", "t", "p")}
        ok = variant == "argon2id" and any(all(params[k] >= row[k] for k in row) for row in table["argon2id"])
        return {"algorithm": variant, "params": params, "meets": ok}
    if len(parts) == 4 and parts[1] in ("2a", "2b", "2y") and parts[2].isdigit() and len(parts[3]) == 53:
        cost = int(parts[2])
        return {"algorithm": "bcrypt", "params": {"cost": cost}, "meets": cost >= table["bcrypt"]["cost"]}
    if encoded.startswith("$scrypt$") and len(parts) == 5:
        fields = dict(kv.split("=") for kv in parts[2].split(","))
        params = {"n": 1 << int(fields["ln"]), "r": int(fields["r"]), "p": int(fields["p"])}
        ok = any(all(params[k] >= row[k] for k in row) for row in table["scrypt"])
        return {"algorithm": "scrypt", "params": params, "meets": ok}
    if encoded.startswith("pbkdf2_") and len(parts) == 4 and parts[1].isdigit():
        digest = parts[0][len("pbkdf2_"):]
        if digest in table["pbkdf2"]:
            n = int(parts[1])
            return {"algorithm": parts[0], "params": {"iterations": n}, "meets": n >= table["pbkdf2"][digest]}
    if re.fullmatch("[0-9a-f]+", encoded) and len(encoded) in (32, 40):
        return {"algorithm": {32: "md5", 40: "sha1"}[len(encoded)], "params": {}, "meets": False}
    raise ValueError("unknown hash format")
"""),
    ],
    "login-answer": [
        dedent(r"""
import base64
import hashlib
import hmac

import argon2
import bcrypt
from argon2.exceptions import InvalidHashError, VerificationError


def _check(password, stored):
    raw = password.encode()
    if stored.startswith("$argon2"):
        try:
            return argon2.PasswordHasher().verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False
    if stored[:4] in ("$2a$", "$2b$", "$2y$"):
        return bcrypt.checkpw(raw, stored.encode())
    if stored.startswith("pbkdf2_sha256$"):
        algo, rounds, salt, b64 = stored.split("$")
        mine = hashlib.pbkdf2_hmac("sha256", raw, salt.encode(), int(rounds))
        return hmac.compare_digest(mine, base64.b64decode(b64))
    return hmac.compare_digest(hashlib.md5(raw).hexdigest().encode(), stored.encode())


def login(password, stored, target):
    if not _check(password, stored):
        return {"ok": False, "new_hash": None}
    ph = argon2.PasswordHasher(memory_cost=target["m"], time_cost=target["t"], parallelism=target["p"])
    current = False
    if stored.startswith("$argon2id$"):
        p = argon2.extract_parameters(stored)
        current = (p.memory_cost, p.time_cost, p.parallelism) == (target["m"], target["t"], target["p"])
    return {"ok": True, "new_hash": None if current else ph.hash(password)}
"""),
    ],
    "otp-answer": [
        dedent(r"""
import base64
import hashlib
import hmac
import struct


def hotp(secret, counter, digits=6, algorithm="sha1"):
    s = secret.strip().replace(" ", "").upper()
    key = base64.b32decode(s + "=" * ((8 - len(s) % 8) % 8))
    digest = hmac.new(key, struct.pack(">Q", counter), getattr(hashlib, algorithm)).digest()
    o = digest[-1] % 16
    value = struct.unpack(">I", digest[o:o + 4])[0] % 2**31
    return f"{value % 10**digits:0{digits}d}"


def totp(secret, t, step=30, digits=6, algorithm="sha1", t0=0):
    import math
    return hotp(secret, math.floor((t - t0) / step), digits=digits, algorithm=algorithm)
"""),
    ],
    "verify-answer": [
        dedent(r"""
import hmac


def verify_totp(secret, code, t, last_step=None, window=1, step=30, digits=6):
    now = int(t // step)
    floor = -1 if last_step is None else last_step
    candidates = sorted(s for s in range(now - window, now + window + 1) if s > floor and s >= 0)
    matches = [s for s in candidates if hmac.compare_digest(hotp(secret, s, digits=digits), str(code))]
    return matches[0] if matches else None
"""),
    ],
    "webauthn-answer": [
        dedent(r"""
import hashlib
import json


def verify_assertion(assertion, expected):
    creds = expected["credentials"]
    if assertion["credentialId"] not in creds:
        return "unknown-credential"
    cred = creds[assertion["credentialId"]]
    data = json.loads(assertion["clientDataJSON"])
    checks = [
        ("wrong-type", data.get("type") == "webauthn.get"),
        ("challenge-mismatch", data.get("challenge") == expected["challenge"]),
        ("origin-mismatch", data.get("origin") == expected["origin"]),
    ]
    for reason, ok in checks:
        if not ok:
            return reason
    auth = bytes.fromhex(assertion["authenticatorData"])
    rp_hash, flags, counter = auth[:32], auth[32], int.from_bytes(auth[33:37], "big")
    if rp_hash != hashlib.sha256(expected["rp_id"].encode("utf-8")).digest():
        return "rp-id-mismatch"
    if flags & 1 == 0:
        return "user-not-present"
    client_hash = hashlib.sha256(assertion["clientDataJSON"].encode("utf-8")).hexdigest()
    if not signature_valid(cred["key"], assertion["authenticatorData"] + client_hash, assertion["signature"]):
        return "bad-signature"
    stored = cred["sign_count"]
    if not (counter == 0 and stored == 0) and counter <= stored:
        return "counter-regression"
    return "ok"
"""),
    ],
    "secrets-answer": [
        dedent(r'''
import math
import re
from collections import Counter

KNOWN = [r"\b(AKIA|ASIA)[A-Z0-9]{16}\b", r"-----BEGIN ([A-Z]+ )?PRIVATE KEY-----",
         r"\bgh[pousr]_[A-Za-z0-9]{36}\b", r"\bxox[abposr]-[A-Za-z0-9-]{10,}"]
KEYWORDS = ["password", "passwd", "pwd", "secret", "token", "api_key", "apikey", "access_key", "accesskey",
            "private_key", "privatekey"]
ASSIGN = re.compile(r"""([A-Za-z0-9_.-]+)["']?\s*[:=]\s*["']?([^"'\s,;#]*)""")
URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s:/@]+:([^\s@/]+)@")


def _placeholder(v):
    return (len(v) < 8 or v[0] in "$%<{" or not set(v) - set("*xX.")
            or any(w in v.lower() for w in PLACEHOLDER_WORDS))


def _entropy(s):
    n = len(s)
    return -sum(c / n * math.log2(c / n) for c in Counter(s).values())


def _line_leaks(line):
    for pat in KNOWN:
        for m in re.finditer(pat, line):
            if not m.group(0).endswith("EXAMPLE"):
                return True
    if any(not _placeholder(pw) for pw in URL.findall(line)):
        return True
    for key, value in ASSIGN.findall(line):
        if any(k in key.lower() for k in KEYWORDS) and not _placeholder(value):
            return True
    if not re.search(r"sha256:|sha384:|sha512:|sha512-|integrity", line):
        for tok in re.findall(r"[A-Za-z0-9+/=_-]{20,}", line):
            if (any(c.islower() for c in tok) and any(c.isupper() for c in tok) and any(c.isdigit() for c in tok)
                    and _entropy(tok) >= ENTROPY_THRESHOLD):
                return True
    return False


def scan_secrets(files):
    out = []
    for path in sorted(files):
        base = path.split("/")[-1]
        if base in LOCK_FILES or base.endswith(".lock"):
            continue
        skipping = False
        for i, line in enumerate(files[path].splitlines(), 1):
            if skipping:
                if re.search(r"-----END .*PRIVATE KEY-----", line):
                    skipping = False
                continue
            if "pragma: allowlist secret" in line:
                continue
            if re.search(KNOWN[1], line):
                skipping = True
            if _line_leaks(line):
                out.append([path, i])
    return out
'''),
    ],
    "requirements-answer": [
        dedent(r"""
import hashlib
import re


def _norm(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def check_requirements(text, artifacts):
    logical = []
    buf, first = [], None
    for n, line in enumerate(text.split("\n"), 1):
        s = line.strip()
        if first is None:
            if not s or s.startswith("#"):
                continue
            first = n
        if " #" in s:
            s = s[: s.index(" #")].rstrip()
        if s.endswith("\\"):
            buf.append(s[:-1])
            continue
        buf.append(s)
        logical.append((first, " ".join(buf)))
        buf, first = [], None
    reqs = [(n, l) for n, l in logical if not l.startswith("-")]
    hashed = any("--hash" in l for _, l in reqs)
    sha = {}
    for fname, hexdata in artifacts.items():
        proj, ver = fname.split("-")[0], fname.split("-")[1]
        sha[(_norm(proj), ver)] = hashlib.sha256(bytes.fromhex(hexdata)).hexdigest()
    out = []
    for n, l in reqs:
        hashes = re.findall(r"--hash[= ]sha256:([0-9a-f]{64})", l)
        has_hash = "--hash" in l
        spec = l.split(" --")[0].strip()
        if hashed and not has_hash:
            out.append([n, "missing-hash"])
        if " @ " in spec or re.match(r"(git|hg|svn|bzr)\+|https?://|file:", spec):
            out.append([n, "direct-url"])
            continue
        body = spec.split(";")[0].strip()
        m = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*)$", body)
        name, specifier = m.group(1), m.group(3).replace(" ", "")
        exact = re.fullmatch(r"===?([^,*<>=!~]+)", specifier)
        if not exact:
            out.append([n, "unpinned"])
            continue
        want = sha.get((_norm(name), exact.group(1)))
        if hashes and want and want not in hashes:
            out.append([n, "hash-mismatch"])
    return sorted(out)
"""),
    ],
    "review-answer": [
        dedent(r"""
import re

from packaging.utils import canonicalize_name
from packaging.version import parse as vparse

LEVEL_RULES = [("provenance",), ("hosted_build", "signed_by_platform"), ("isolated_builds", "signing_key_isolated")]


def _pins(text):
    text = text.replace("\\\n", " ")
    found = {}
    for line in text.splitlines():
        m = re.match(r"\s*([\w.-]+)(\[.*?\])?==([\w.+!-]+)", line)
        if m:
            found[canonicalize_name(m.group(1))] = (vparse(m.group(3)), m.group(3),
                                                    tuple(sorted(re.findall(r"sha256:([0-9a-f]+)", line))))
    return found


def _level(facts):
    level = 0
    for needed in LEVEL_RULES:
        if facts and all(facts.get(k) for k in needed):
            level += 1
        else:
            break
    return level


def review_change(old_text, new_text, provenance, min_level):
    a, b = _pins(old_text), _pins(new_text)
    out = {"added": sorted(b.keys() - a.keys()), "removed": sorted(a.keys() - b.keys()),
           "upgraded": [], "downgraded": [], "rehashed": [], "below_slsa": []}
    for name in sorted(a.keys() & b.keys()):
        (va, sa, ha), (vb, sb, hb) = a[name], b[name]
        if vb > va:
            out["upgraded"].append([name, sa, sb])
        elif vb < va:
            out["downgraded"].append([name, sa, sb])
        elif set(ha) != set(hb):
            out["rehashed"].append(name)
    touched = set(out["added"]) | set(out["rehashed"]) | {r[0] for r in out["upgraded"] + out["downgraded"]}
    out["below_slsa"] = sorted(n for n in touched if _level(provenance.get(n)) < min_level)
    return out
"""),
    ],
}
