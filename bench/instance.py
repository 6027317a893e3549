#!/usr/bin/env python3
"""Writes a synthetic ERP.net instance as the Domain API exports it: N Trusted
Applications, U users and T grants (reference tokens, refresh tokens, consents), the same
bytes for the same arguments. For `trustlint audit` benchmarks and the browser check.

    python3 bench/instance.py --apps 5000 --users 2000 --tokens 50000 OUT_DIR

Writes OUT_DIR/trusted-applications-NNN.json, users-NNN.json,
trusted-application-authorizations-NNN.json and access-tokens-NNN.json, in pages of at most
10,000 records (as a large export is paged, which keeps each file under trustlint's 16 MiB
limit). Every secret, hash and token key is random.
"""

import argparse
import base64
import hashlib
import json
import os
import random

CTX = "https://bench.my.erp.net/api/domain/odata/$metadata#"


def guid(rng):
    h = "%032x" % rng.getrandbits(128)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"


def stamp(day):
    # Days after 2025-01-01, as an export writes a timestamp.
    y, d = 2025, day
    months = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    while True:
        leap = y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
        n = 366 if leap else 365
        if d < n:
            break
        d -= n
        y += 1
    m = 0
    while True:
        days = months[m] + (1 if m == 1 and leap else 0)
        if d < days:
            break
        d -= days
        m += 1
    return f"{y:04d}-{m + 1:02d}-{d + 1:02d}T08:00:00Z"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--apps", type=int, default=500)
    p.add_argument("--users", type=int, default=200)
    p.add_argument("--tokens", type=int, default=5000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("out")
    a = p.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)

    users = []
    for i in range(a.users):
        service = i % 10 == 0
        login = f"svc.app{i:05d}" if service else f"user{i:05d}"
        users.append({
            "@odata.id": None, "Id": guid(rng), "Login": login,
            "Name": {"en": login}, "Email": None if service else f"{login}@bench.example",
            "UserType": "ApplicationUserNoLogin" if service else "InternalUser",
            "IsAdmin": i % 97 == 0, "Active": True,
            "Groups": [{"Group": {"Name": {"en": "Administrators" if i % 89 == 0 else "Staff"},
                                  "GroupType": "Administrators" if i % 89 == 0 else "Normal"}}],
        })
        users[-1]["@odata.id"] = f"Systems_Security_Users({users[-1]['Id']})"
    service_users = [u for u in users if u["UserType"] == "ApplicationUserNoLogin"] or users

    apps = []
    for i in range(a.apps):
        kind = i % 5
        secret = base64.b64encode(hashlib.sha256(rng.randbytes(24)).digest()).decode()
        app = {
            "@odata.id": None, "Id": guid(rng),
            "ApplicationUri": f"com.bench/app-{i:05d}", "Name": f"Bench app {i}",
            "ClientType": "Public" if kind == 1 else "Confidential",
            "ApplicationSecretHash": None if kind == 1 else secret,
            "BasicAuthenticationAllowed": i % 53 == 0,
            "ImpersonateAsInternalUserAllowed": kind in (0, 1),
            "ImpersonateAsCommunityUserAllowed": kind == 0 and i % 7 == 0,
            "ImpersonateLoginUrl": f"https://app{i}.bench.example/signin-oidc" if kind in (0, 1) else None,
            "ImpersonateLogoutUrl": f"https://app{i}.bench.example/" if kind in (0, 1) else None,
            "IsEnabled": i % 23 != 0, "Notes": None,
            "ReferenceTokens": ["None", "None", "AdministratorsOnly", "AuthenticatedUsers", "AdministratorsOnly"][kind],
            "Scope": "openid profile read offline_access" if kind == 0 else "read" if kind == 1 else "read update",
            "SystemUserAllowed": kind in (2, 3),
            "SystemUser": {"@odata.id": rng.choice(service_users)["@odata.id"]} if kind in (2, 3) else None,
            "SystemUserLoginUrl": None, "CreationTimeUtc": stamp(rng.randrange(0, 300)),
        }
        app["@odata.id"] = f"Systems_Security_TrustedApplications({app['Id']})"
        apps.append(app)

    tokens = []
    for i in range(a.tokens):
        app = apps[rng.randrange(len(apps))] if apps else None
        user = users[rng.randrange(len(users))] if users else None
        kind = rng.random()
        typ = "reference_token" if kind < 0.6 else "refresh_token" if kind < 0.9 else "user_consent"
        created = rng.randrange(0, 700)
        expires = None if rng.random() < 0.1 else created + rng.randrange(30, 400)
        tokens.append({
            "@odata.id": f"Systems_Security_AccessTokens({guid(rng)})",
            "AccessTokenKey": "%064X" % rng.getrandbits(256),
            "Type": typ,
            "Client": app["ApplicationUri"] if app and i % 3 else None,
            "Actor": user["Login"] if user else None,
            "Scopes": "read", "Description": None,
            "CreationTimestamp": stamp(created),
            "ExpireTimestamp": stamp(expires) if expires is not None else None,
            "ConsumedTimestamp": None,
            "LastUsedTimestamp": stamp(created + rng.randrange(0, 60)) if rng.random() < 0.7 else None,
            "Session": None, "Data": "%048x" % rng.getrandbits(192),
            "TrustedApplication": {"@odata.id": app["@odata.id"]} if app else None,
            "User": {"@odata.id": user["@odata.id"]} if user and i % 2 else None,
        })

    auths = []
    for i in range(min(a.apps, a.users)):
        auths.append({
            "@odata.id": f"Systems_Security_TrustedApplicationAuthorizations({guid(rng)})",
            "GrantTimeUtc": stamp(rng.randrange(0, 600)), "IsRevoked": i % 4 == 0,
            "Notes": None, "ValidFromUtc": None, "ValidUntilUtc": None,
            "ContextUser": {"@odata.id": users[i]["@odata.id"]},
            "GrantingUser": {"@odata.id": users[0]["@odata.id"]},
            "TrustedApplication": {"@odata.id": apps[i]["@odata.id"]},
        })

    files = []
    page = 10_000
    for stem, entity, records in [
        ("trusted-applications", "Systems_Security_TrustedApplications", apps),
        ("users", "Systems_Security_Users", users),
        ("trusted-application-authorizations", "Systems_Security_TrustedApplicationAuthorizations", auths),
        ("access-tokens", "Systems_Security_AccessTokens", tokens),
    ]:
        pages = range(0, len(records), page) if records else [0]
        for n, start in enumerate(pages):
            files.append((f"{stem}-{n + 1:03d}.json", entity, records[start:start + page]))
    for name, entity, items in files:
        with open(os.path.join(a.out, name), "w") as f:
            json.dump({"@odata.context": CTX + entity, "value": items}, f, indent=1)


if __name__ == "__main__":
    main()
