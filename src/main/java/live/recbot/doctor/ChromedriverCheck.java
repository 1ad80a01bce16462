package live.recbot.doctor;

/**
 * The WebDriver server recbot attaches to the browser with: it speaks to one major version of
 * Chromium only, so the two must come from the same release.
 */
record ChromedriverCheck(BrowserVersions versions) implements Check {
    static final String FIX = "apt-get install chromium-driver (or run scripts/setup)";
    static final String MISMATCH_FIX = "apt-get install chromium chromium-driver, to get both from the same release";

    @Override
    public String name() {
        return "chromedriver";
    }

    @Override
    public CheckResult run() {
        BrowserVersions.Probe probe = versions.chromedriver();
        if (!(probe instanceof BrowserVersions.Probe.Version driver)) {
            return CheckResult.fail(((BrowserVersions.Probe.Missing) probe).why(), FIX);
        }
        String found = versions.chromedriverPath() + " " + driver.full();
        if (!(versions.chromium() instanceof BrowserVersions.Probe.Version browser)) {
            return CheckResult.pass(found + " (Chromium's version unknown)");
        }
        if (browser.major() != driver.major()) {
            return CheckResult.fail(found + " does not match Chromium " + browser.full() + " (major "
                    + driver.major() + " vs " + browser.major() + ")", MISMATCH_FIX);
        }
        return CheckResult.pass(found + ", matches Chromium's major " + browser.major());
    }
}
