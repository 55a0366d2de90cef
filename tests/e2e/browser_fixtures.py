#!/usr/bin/env python3
"""browser_fixtures.py - builds browser profiles under a home directory
with the browsers' own schemas (Chromium cookies meta version 24, Login
Data, Firefox moz_cookies schema 14 and logins.json), for t_browser.sh.

    browser_fixtures.py HOME PLANT          the profile tree
    browser_fixtures.py --bench FILE N      one Chromium store of N cookies

Every value column holds PLANT (a synthetic marker, not a secret) behind
the version prefix, so a test can prove that no byte of it past the prefix
reaches any output. Expiries are relative to now: live ones end 30 days
(or 400 days) ahead, expired ones ended a day ago."""
import json
import os
import sqlite3
import sys
import time

WIN_DELTA = 11644473600
DAY = 86400

CHROME_SCHEMA = """
CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY,
 value LONGVARCHAR);
INSERT INTO meta VALUES('mmap_status','-1');
INSERT INTO meta VALUES('version','24');
INSERT INTO meta VALUES('last_compatible_version','24');
CREATE TABLE cookies(creation_utc INTEGER NOT NULL,host_key TEXT NOT NULL,
 top_frame_site_key TEXT NOT NULL,name TEXT NOT NULL,value TEXT NOT NULL,
 encrypted_value BLOB NOT NULL,path TEXT NOT NULL,expires_utc INTEGER NOT
 NULL,is_secure INTEGER NOT NULL,is_httponly INTEGER NOT NULL,
 last_access_utc INTEGER NOT NULL,has_expires INTEGER NOT NULL,
 is_persistent INTEGER NOT NULL,priority INTEGER NOT NULL,samesite INTEGER
 NOT NULL,source_scheme INTEGER NOT NULL,source_port INTEGER NOT NULL,
 last_update_utc INTEGER NOT NULL,source_type INTEGER NOT NULL,
 has_cross_site_ancestor INTEGER NOT NULL);
CREATE UNIQUE INDEX cookies_unique_index ON cookies(host_key,
 top_frame_site_key, has_cross_site_ancestor, name, path, source_scheme,
 source_port);
"""

LOGINS_SCHEMA = """
CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY,
 value LONGVARCHAR);
INSERT INTO meta VALUES('version','40');
CREATE TABLE logins (origin_url VARCHAR NOT NULL, action_url VARCHAR,
 username_element VARCHAR, username_value VARCHAR, password_element VARCHAR,
 password_value BLOB, submit_element VARCHAR, signon_realm VARCHAR NOT NULL,
 date_created INTEGER NOT NULL, blacklisted_by_user INTEGER NOT NULL,
 scheme INTEGER NOT NULL, password_type INTEGER, times_used INTEGER,
 form_data BLOB, display_name VARCHAR, icon_url VARCHAR, federation_url
 VARCHAR, skip_zero_click INTEGER, generation_upload_status INTEGER,
 possible_username_pairs BLOB, id INTEGER PRIMARY KEY AUTOINCREMENT,
 date_last_used INTEGER NOT NULL DEFAULT 0, moving_blocked_for BLOB,
 date_password_modified INTEGER NOT NULL DEFAULT 0, sender_email VARCHAR,
 sender_name VARCHAR, date_received INTEGER, sharing_notification_displayed
 INTEGER NOT NULL DEFAULT 0, keychain_identifier BLOB,
 sender_profile_image_url VARCHAR, UNIQUE (origin_url, username_element,
 username_value, password_element, signon_realm));
"""

FF_SCHEMA = """
CREATE TABLE moz_cookies (id INTEGER PRIMARY KEY, originAttributes TEXT NOT
 NULL DEFAULT '', name TEXT, value TEXT, host TEXT, path TEXT, expiry
 INTEGER, lastAccessed INTEGER, creationTime INTEGER, isSecure INTEGER,
 isHttpOnly INTEGER, inBrowserElement INTEGER DEFAULT 0, sameSite INTEGER
 DEFAULT 0, rawSameSite INTEGER DEFAULT 0, schemeMap INTEGER DEFAULT 0,
 isPartitionedAttributeSet INTEGER DEFAULT 0, CONSTRAINT moz_uniqueid
 UNIQUE (name, host, path, originAttributes));
PRAGMA user_version = 14;
"""


def chrome_time(unix_s):
    return (unix_s + WIN_DELTA) * 1000000


def chrome_store(path, prefix, plant, cookies, wal=False):
    """cookies: (host, name, expiry unix seconds or 0 for session)."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    db = sqlite3.connect(path)
    db.executescript(CHROME_SCHEMA)
    if wal:
        db.execute("PRAGMA journal_mode=WAL")
    now = int(time.time())
    rows = []
    for host, name, exp in cookies:
        enc = (prefix + plant).encode() if prefix else b""
        rows.append((chrome_time(now - 10 * DAY), host, "", name,
                     "" if prefix else plant, enc, "/",
                     chrome_time(exp) if exp else 0, 1, 1,
                     chrome_time(now), 1 if exp else 0, 1 if exp else 0, 1,
                     0, 2, 443, chrome_time(now), 0, 0))
    db.executemany("INSERT INTO cookies VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,"
                   "?,?,?,?,?,?,?)", rows)
    db.commit()
    if not wal:
        db.close()
    return db


def tree(home, plant):
    now = int(time.time())
    live, far, dead = now + 30 * DAY, now + 400 * DAY, now - DAY
    chrome = os.path.join(home, ".config/google-chrome")
    chrome_store(os.path.join(chrome, "Default/Network/Cookies"), "v10",
                 plant, [(".github.com", "user_session", live),
                         ("github.com", "logged_in", live - DAY),
                         (".github.com", "old", dead),
                         (".google.com", "SID", live),
                         ("mail.google.com", "GX", live),
                         ("www.example.org", "a", far),
                         (".pypi.org", "session_id", dead)])
    with open(os.path.join(chrome, "Local State"), "w") as f:
        json.dump({"profile": {"info_cache": {"Default": {
            "name": "Work", "user_name": "dana@example.com"}}}}, f)
    db = sqlite3.connect(os.path.join(chrome, "Default/Login Data"))
    db.executescript(LOGINS_SCHEMA)
    for url, user, never in [("https://github.com/login", "dana", 0),
                             ("https://gitlab.com/users/sign_in", "dana", 0),
                             ("https://shop.example.net/", "d", 0),
                             ("https://never.example.com/", "", 1)]:
        db.execute("INSERT INTO logins (origin_url, username_value, "
                   "password_value, signon_realm, date_created, "
                   "blacklisted_by_user, scheme) VALUES (?,?,?,?,0,?,0)",
                   (url, user, ("v10" + plant).encode(), url, never))
    db.commit()
    db.close()
    # Chromium from Snap, v11, with sessions a year long, in WAL mode with
    # its -wal file still beside it.
    snap = os.path.join(home, "snap/chromium/common/chromium/Default/Cookies")
    keep = chrome_store(snap, "v11", plant,
                        [(".gitlab.com", "_gitlab_session", far),
                         ("console.aws.amazon.com", "aws-userInfo", far)],
                        wal=True)
    # Electron: Slack
    chrome_store(os.path.join(home, ".config/Slack/Cookies"), "v11", plant,
                 [(".slack.com", "d", live)])
    # broken stores: zero bytes, not SQLite, no expiry column
    brave = os.path.join(home, ".config/BraveSoftware/Brave-Browser")
    os.makedirs(os.path.join(brave, "Default"), exist_ok=True)
    open(os.path.join(brave, "Default/Cookies"), "w").close()
    os.makedirs(os.path.join(brave, "Profile 1"), exist_ok=True)
    with open(os.path.join(brave, "Profile 1/Cookies"), "w") as f:
        f.write("v10" + plant + " not a database " * 10)
    os.makedirs(os.path.join(brave, "Profile 2"), exist_ok=True)
    db = sqlite3.connect(os.path.join(brave, "Profile 2/Cookies"))
    db.executescript("CREATE TABLE cookies(host_key TEXT, value TEXT);")
    db.execute("INSERT INTO cookies VALUES ('github.com', ?)", (plant,))
    db.commit()
    db.close()
    # Firefox
    ff = os.path.join(home, ".mozilla/firefox")
    prof = os.path.join(ff, "k3y7x9.default-release")
    os.makedirs(prof, exist_ok=True)
    with open(os.path.join(ff, "profiles.ini"), "w") as f:
        f.write("[Profile0]\nName=default-release\nIsRelative=1\n"
                "Path=k3y7x9.default-release\nDefault=1\n")
    db = sqlite3.connect(os.path.join(prof, "cookies.sqlite"))
    db.executescript(FF_SCHEMA)
    for host, name, exp in [(".github.com", "user_session", live),
                            ("claude.ai", "sessionKey", live),
                            ("chatgpt.com", "__Secure-next-auth", dead),
                            ("www.example.org", "x", far)]:
        db.execute("INSERT INTO moz_cookies (name, value, host, path, "
                   "expiry, lastAccessed, creationTime, isSecure, "
                   "isHttpOnly) VALUES (?,?,?,'/',?,?,?,1,1)",
                   (name, plant, host, exp, now * 1000000,
                    (now - DAY) * 1000000))
    db.commit()
    db.close()
    with open(os.path.join(prof, "logins.json"), "w") as f:
        json.dump({"nextId": 3, "logins": [
            {"id": 1, "hostname": "https://github.com", "httpRealm": None,
             "formSubmitURL": "", "usernameField": "login",
             "passwordField": "password", "encryptedUsername": "MDIE" + plant,
             "encryptedPassword": "MDoE" + plant, "guid": "{0}",
             "encType": 1},
            {"id": 2, "hostname": "https://npmjs.com",
             "encryptedUsername": "MDIE" + plant,
             "encryptedPassword": "MDoE" + plant, "encType": 1}],
            "version": 3}, f)
    with open(os.path.join(prof, "key4.db"), "wb") as f:
        f.write(b"SQLite format 3\0" + b"\0" * 84)
    return keep


def bench(path, n):
    now = int(time.time())
    hosts = ["github.com", ".google.com", "slack.com", "pypi.org"] + [
        "site%d.example.com" % i for i in range(2000)]
    chrome_store(path, "v11", "BENCHVALUE" * 8,
                 [(hosts[i % len(hosts)], "c%d" % i,
                   now + (i % 500 - 100) * DAY if i % 7 else 0)
                  for i in range(n)])


if __name__ == "__main__":
    if sys.argv[1] == "--bench":
        bench(sys.argv[2], int(sys.argv[3]))
    else:
        keep = tree(sys.argv[1], sys.argv[2])
        # The snap store's -wal file exists only while a connection is
        # open: copy it aside before closing so the test sees one.
        snap = os.path.join(sys.argv[1],
                            "snap/chromium/common/chromium/Default/Cookies")
        with open(snap + "-wal", "rb") as f:
            wal = f.read()
        keep.close()
        if wal:
            with open(snap + "-wal", "wb") as f:
                f.write(wal)
