"""Session fixture: real headless Chromium (Debian's ``chromium`` + ``chromium-driver``) through selenium.

The browser is cut off from the network twice over: a proxy on a dead port for every non-loopback
URL, and DevTools' offline emulation. It records its network log (``goog:loggingPrefs`` performance)
so tests can prove a page asked for nothing. Missing binaries skip the tests locally and fail them
under ``CI`` (run ``scripts/install-system-deps``).
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
CHROMEDRIVER_CANDIDATES = ("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver")


def _first_existing(candidates, env_name):
    chosen = os.environ.get(env_name)
    if chosen:
        return chosen if Path(chosen).exists() else None
    return next((c for c in candidates if Path(c).exists()), None)


def chromium_paths() -> tuple[str | None, str | None]:
    """(chromium, chromedriver), or None for what is missing. ``WHOFUNDS_CHROMIUM``/``WHOFUNDS_CHROMEDRIVER`` override."""
    return (_first_existing(CHROMIUM_CANDIDATES, "WHOFUNDS_CHROMIUM"),
            _first_existing(CHROMEDRIVER_CANDIDATES, "WHOFUNDS_CHROMEDRIVER"))


def chromium_options(user_data_dir: str, *, width: int = 1400, height: int = 900):
    from selenium.webdriver.chrome.options import Options

    options = Options()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--no-first-run",
                 "--disable-sync", "--disable-default-apps", "--disable-extensions", "--mute-audio",
                 "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
                 f"--window-size={width},{height}", f"--user-data-dir={user_data_dir}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    return options


def start_chromium(user_data_dir: str, **size):
    """A selenium driver for headless Chromium with networking blocked; the caller quits it."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, chromedriver = chromium_paths()
    options = chromium_options(user_data_dir, **size)
    options.binary_location = chromium
    driver = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(60)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions",
                           {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    return driver


def network_requests(driver) -> list[str]:
    """URLs the browser asked for since the last call (DevTools ``Network.requestWillBeSent``)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


@pytest.fixture(scope="session")
def browser():
    """A session-wide headless Chromium driver (selenium), offline."""
    chromium, chromedriver = chromium_paths()
    if not chromium or not chromedriver:
        reason = (f"headless Chromium not available (chromium: {chromium or 'missing'}, "
                  f"chromedriver: {chromedriver or 'missing'}); run scripts/install-system-deps")
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    pytest.importorskip("selenium") if not os.environ.get("CI") else __import__("selenium")
    profile = tempfile.mkdtemp(prefix="whofunds-chromium-")
    driver = start_chromium(profile)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
