import os

from authlib.integrations.flask_client import OAuth
from flask import Flask

app = Flask(__name__)
app.secret_key = os.environ.get("FLASK_SECRET_KEY", "")
app.config["ERP_CLIENT_ID"] = "com.example/web"
app.config["ERP_CLIENT_SECRET"] = os.environ.get("ERP_CLIENT_SECRET") or "5li9TTxPgxhERWaILrgKy2Rm"
app.config["ERP_SERVER_METADATA_URL"] = "https://acme.my.erp.net/id/.well-known/openid-configuration"
app.config["ERP_CLIENT_KWARGS"] = {"scope": "openid read"}

oauth = OAuth(app)
oauth.register("erp")
