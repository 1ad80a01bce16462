package live.recbot.doctor;

/** The browser binary recbot starts, and its version. */
record ChromiumCheck(BrowserVersions versions) implements Check {
    static final String FIX = "apt-get install chromium (or run scripts/setup)";

    @Override
    public String name() {
        return "Chromium";
    }

    @Override
    public CheckResult run() {
        BrowserVersions.Probe probe = versions.chromium();
        if (probe instanceof BrowserVersions.Probe.Version v) {
            return CheckResult.pass(versions.chromiumPath() + " " + v.full());
        }
        return CheckResult.fail(((BrowserVersions.Probe.Missing) probe).why(), FIX);
    }
}
