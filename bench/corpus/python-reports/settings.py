import os

ERP_AUTHORITY = "https://acme.my.erp.net/id"
ERP_CLIENT_ID = os.environ["ERP_CLIENT_ID"]
ERP_CLIENT_SECRET = os.environ["ERP_CLIENT_SECRET"]
