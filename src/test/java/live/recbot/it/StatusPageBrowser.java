package live.recbot.it;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * recbot's status page in a real headless Chromium, driven by Selenium through the system's
 * chromedriver. The browser keeps its profile and temp files under {@code dir}.
 */
final class StatusPageBrowser implements AutoCloseable {
    private static final String CHROMIUM = "/usr/lib/chromium/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private final ChromeDriver driver;

    private StatusPageBrowser(ChromeDriver driver) {
        this.driver = driver;
    }

    /** Opens {@code http://127.0.0.1:port/}, with {@code ?token=} when a token is given. */
    static StatusPageBrowser open(Path dir, int port, String token) throws IOException {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new java.io.File(CHROMEDRIVER)).usingAnyFreePort()
                .withLogFile(dir.resolve("chromedriver.log").toFile())
                .withEnvironment(Map.of("TMPDIR", tmp.toString())).build();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--window-size=1100,900", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--user-data-dir=" + dir.resolve("profile"));
        if ("root".equals(System.getProperty("user.name"))) {
            // Chromium refuses to start its sandbox as root; only then is it switched off.
            options.addArguments("--no-sandbox");
        }
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
            String query = token == null ? "" : "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
            driver.get("http://127.0.0.1:" + port + "/" + query);
            return new StatusPageBrowser(driver);
        } catch (RuntimeException e) {
            driver.quit();
            throw e;
        }
    }

    /** What the page shows for one of the states: the SDK's {@code state} (none, started, stopped...). */
    String state(String name) {
        return driver.findElement(By.id("state-" + name)).getAttribute("data-state");
    }

    /** The preview image's decoded width; 0 until a picture loaded. */
    long previewWidth() {
        Object w = driver.executeScript("const i = document.getElementById('preview');"
                + " return i.hidden ? 0 : i.naturalWidth;");
        return ((Number) w).longValue();
    }

    /** The placeholder's text while it shows, else empty. */
    String placeholder() {
        return String.valueOf(driver.executeScript("const p = document.getElementById('preview-placeholder');"
                + " return p.hidden ? '' : p.textContent;"));
    }

    String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    String address() {
        return driver.getCurrentUrl();
    }

    void screenshot(Path png) throws IOException {
        Files.createDirectories(png.getParent());
        Files.write(png, driver.getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() {
        driver.quit();
    }
}
