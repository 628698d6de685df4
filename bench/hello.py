"""Baseline for bench/load.sh: the smallest Flask app, served the same way as mentorhub.

Run by load.sh as `gunicorn --chdir bench hello:app`; every mentorhub page is
reported as a ratio of this app's requests/s measured in the same run.
"""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "Hello, world!"
