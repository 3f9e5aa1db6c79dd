package clinic;

public final class Tokens {
    static final int TOKEN_LENGTH = 32;
    static final String HEADER = "X-Clinic-Session-Token";
}
