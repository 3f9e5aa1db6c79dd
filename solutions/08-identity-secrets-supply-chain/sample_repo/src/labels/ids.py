import uuid

NAMESPACE = uuid.UUID("3f2b8c1e-9a4d-4e2b-8f1a-2c3d4e5f6a7b")
LABEL_FORMAT = "A6-Landscape"


def label_id(shipment):
    return uuid.uuid5(NAMESPACE, shipment)
