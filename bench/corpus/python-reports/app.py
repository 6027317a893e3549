from authlib.integrations.requests_client import OAuth2Session

# The worker authenticates as itself.
session = OAuth2Session(
    client_id="com.example/worker",
    client_secret="Qa3Ws7Ed1Rf5Tg9Yh2Uj",
    scope="read",
)
token = session.fetch_token("https://acme.my.erp.net/id/connect/token", grant_type="client_credentials")
