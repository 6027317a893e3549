"""Loads audit pages in headless Chromium through Selenium and checks them from the DOM.

    python3 .ci/browser-check.py PAGE.html EXPECTED_APPS [SCREENSHOT_DIR]

Asserts that the app table has one row per app, that sorting by a column works both ways,
that the risk filter shows exactly the rows of that risk, that the page is readable at a
phone's width (no horizontal scrolling of the page) and prints (print styles at A4's
width: no controls, each app a card, nothing wider than the page), and that the console
shows no error.
With SCREENSHOT_DIR, saves desktop.png and phone.png there.
"""

import os
import sys
import tempfile

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

RISK_ORDER = {"low": 0, "medium": 1, "high": 2, "critical": 3}


def fail(message):
    print(f"browser-check: {message}", file=sys.stderr)
    sys.exit(1)


def browser(profile):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in [
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--hide-scrollbars",
        f"--user-data-dir={profile}",
    ]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def rows(driver):
    return driver.find_elements(By.CSS_SELECTOR, "#apps tbody tr")


def visible_risks(driver):
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('#apps tbody tr'))"
        ".filter(r => !r.hidden).map(r => r.getAttribute('data-risk'));"
    )


def column_values(driver, index):
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('#apps tbody tr'))"
        f".map(r => r.cells[{index}].getAttribute('data-v'));"
    )


def check(page, expected, shots):
    with tempfile.TemporaryDirectory() as profile:
        driver = browser(profile)
        try:
            driver.set_window_size(1400, 1000)
            driver.get("file://" + os.path.abspath(page))
            found = len(rows(driver))
            if found != expected:
                fail(f"{page}: {found} rows in the app table, expected {expected}")
            if driver.find_element(By.ID, "controls").get_attribute("hidden") is not None:
                fail(f"{page}: the script did not show the controls")
            # Sorting: the App column ascending, then descending; Risk numerically.
            heads = driver.find_elements(By.CSS_SELECTOR, "#apps thead th button")
            titles = [h.text for h in heads]
            app_col, risk_col = titles.index("App"), titles.index("Risk")
            heads[app_col].click()
            values = column_values(driver, app_col)
            # The page sorts with localeCompare: the order is checked with it too.
            ordered = driver.execute_script(
                f"var v=Array.from(document.querySelectorAll('#apps tbody tr')).map(r=>r.cells[{app_col}].getAttribute('data-v'));"
                "for(var i=1;i<v.length;i++){if(v[i-1].localeCompare(v[i])>0)return false;}return true;"
            )
            if not ordered:
                fail(f"{page}: sorting by App did not order the rows")
            heads[app_col].click()
            descending = column_values(driver, app_col)
            if descending != list(reversed(values)):
                fail(f"{page}: sorting by App a second time did not reverse the rows")
            heads[risk_col].click()
            risks = [int(v) for v in column_values(driver, risk_col)]
            if risks != sorted(risks):
                fail(f"{page}: sorting by Risk did not order the rows")
            # The risk filter shows exactly the rows of the chosen risk.
            every = visible_risks(driver)
            select = Select(driver.find_element(By.ID, "risk-filter"))
            for risk in RISK_ORDER:
                select.select_by_value(risk)
                shown = visible_risks(driver)
                if shown != [r for r in every if r == risk]:
                    fail(f"{page}: the {risk} filter shows {len(shown)} rows, expected {every.count(risk)}")
                counted = driver.find_element(By.ID, "shown-count").text
                if counted != str(len(shown)):
                    fail(f"{page}: the count says {counted} with {len(shown)} rows shown")
            select.select_by_value("all")
            if len(visible_risks(driver)) != expected:
                fail(f"{page}: 'all' does not show every row again")
            # Sorting back to the page's order (most urgent first) for the screenshot.
            heads[risk_col].click()
            if shots:
                driver.set_window_size(1400, 1600)
                driver.execute_script("window.scrollTo(0, 0)")
                driver.save_screenshot(os.path.join(shots, "desktop.png"))
            # A phone: nothing wider than the screen.
            driver.set_window_size(390, 844)
            width = driver.execute_script("return document.documentElement.clientWidth")
            scroll = driver.execute_script("return document.documentElement.scrollWidth")
            if scroll > width + 1:
                fail(f"{page}: at 390 px the page is {scroll} px wide (viewport {width} px)")
            if shots:
                driver.execute_script("window.scrollTo(0, 0)")
                driver.save_screenshot(os.path.join(shots, "phone.png"))
            # On paper: A4's width, print styles, the controls gone, every app a card, and
            # a PDF that Chromium can print.
            driver.set_window_size(794, 1123)
            driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
            printed = driver.execute_script(
                "var d=document.documentElement;"
                "return [d.scrollWidth<=d.clientWidth+1,"
                " getComputedStyle(document.getElementById('controls')).display==='none',"
                " getComputedStyle(document.querySelector('#apps thead')).display==='none'];"
            )
            if printed != [True, True, True]:
                fail(f"{page}: the print layout is off (fits, no controls, cards): {printed}")
            driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
            # A PDF of a 1,000-app page can take Chromium longer than chromedriver waits for
            # its renderer (10 s) on a busy 2-core machine; the print layout itself is
            # checked above on every page, and a real PDF is made of the smaller ones.
            if expected <= 200:
                pdf = driver.print_page()
                if not pdf:
                    fail(f"{page}: printing gave nothing")
            errors = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
            if errors:
                fail(f"{page}: console errors: {errors}")
            printed_as = "print" if expected <= 200 else "print layout"
            print(f"browser-check: {page}: {expected} rows, sorting, risk filter, phone width, {printed_as} and console ok")
        finally:
            driver.quit()


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        fail("usage: browser-check.py PAGE.html EXPECTED_APPS [SCREENSHOT_DIR]")
    check(sys.argv[1], int(sys.argv[2]), sys.argv[3] if len(sys.argv) == 4 else None)
