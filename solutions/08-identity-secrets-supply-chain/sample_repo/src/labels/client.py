import os

import requests

API_KEY = os.getenv("LABELS_API_KEY")
BASE = "https://labels.internal/api/v2"


def fetch(shipment_id, token):
    headers = {"Authorization": f"Bearer {token}"}
    return requests.get(f"{BASE}/labels/{shipment_id}", headers=headers, timeout=5)
