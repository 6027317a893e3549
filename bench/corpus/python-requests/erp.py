import requests

TOKEN_URL = "https://acme.my.erp.net/id/connect/token"
CLIENT_ID = "com.example/worker"
CLIENT_SECRET = "x5W5iskt5xOag6w0gXuOKfpZie"


def service_token():
    r = requests.post(TOKEN_URL, data={"grant_type": "client_credentials", "scope": "read"},
                      auth=(CLIENT_ID, CLIENT_SECRET), timeout=10)
    r.raise_for_status()
    return r.json()["access_token"]
