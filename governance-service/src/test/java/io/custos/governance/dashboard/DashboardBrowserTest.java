package io.custos.governance.dashboard;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.testsupport.CustosTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser: headless Chromium (Debian's {@code /usr/bin/chromium}, driven
 * through {@code /usr/bin/chromedriver} by Selenium) against this test's Quarkus server.
 *
 * <p><b>Login in this test:</b> the login page posts the credentials to {@code /api/auth/login} on
 * its own origin, which in production is the gateway. There is no gateway in a governance-service
 * test, so the test-only {@link TestLoginResource} (src/test, never shipped) answers that call
 * with a token minted by {@code TestKeys} for the posted username {@code <role>@<tenant>}. The rest
 * is real: the page's script, the cookie it sets, smallrye-jwt reading that cookie, the pages.
 *
 * <p>Skipped (with a message) only when {@code /usr/bin/chromium} is absent; {@code .ci/run}
 * installs Debian's {@code chromium} and {@code chromium-driver}.
 */
@QuarkusTest
@QuarkusTestResource(value = CustosTestResource.class, restrictToAnnotatedClass = false)
class DashboardBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TestHTTPResource("/")
    URL base;

    private WebDriver driver;
    private WebDriverWait wait;
    private Path profile;
    private Path downloads;

    @BeforeEach
    void startBrowser() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "headless browser test skipped: " + CHROMIUM
                + " is absent (install Debian's chromium and chromium-driver, as .ci/run does)");
        Assumptions.assumeTrue(Files.isExecutable(CHROMEDRIVER), "headless browser test skipped: " + CHROMEDRIVER
                + " is absent (install Debian's chromium-driver, as .ci/run does)");
        profile = Files.createTempDirectory("custos-chromium-profile-");
        downloads = Files.createTempDirectory("custos-chromium-downloads-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + profile, "--window-size=1400,1000");
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(15));
    }

    @AfterEach
    void stopBrowser() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        for (Path dir : new Path[] {profile, downloads}) {
            if (dir != null) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
                }
            }
        }
    }

    private String url(String path) {
        return URI.create(base.toString()).resolve(path).toString();
    }

    /** For people reviewing the look: target/dashboard-screenshots/*.png. */
    private void screenshot(String name) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "dashboard-screenshots"));
        byte[] png = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
        Files.write(dir.resolve(name + ".png"), png);
    }

    private List<String> rowIds() {
        return driver.findElements(By.cssSelector("#inventory tbody tr[data-model-id]")).stream()
                .map(tr -> tr.getAttribute("data-model-id")).toList();
    }

    @Test
    void signInFilterOpenAModelAndDownloadItsPdfReport() throws Exception {
        String tenant = DashboardFixtures.tenant();
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String hostileName = "fraud-" + suffix + "<script>alert(1)</script>";
        String compliantId = DashboardFixtures.register(tenant, hostileName);
        String churnId = DashboardFixtures.registerNonCompliant(tenant, "churn-" + suffix);

        // Not signed in: the dashboard sends the browser to the login page.
        driver.get(url("/governance/"));
        wait.until(ExpectedConditions.urlContains("/governance/login"));

        // A wrong password is shown on the form; the right one signs in through /api/auth/login.
        driver.findElement(By.id("username")).sendKeys("auditor@" + tenant);
        driver.findElement(By.id("password")).sendKeys("wrong");
        driver.findElement(By.id("sign-in")).click();
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error")));
        assertTrue(error.getText().contains("wrong username or password"), error.getText());
        driver.findElement(By.id("password")).clear();
        driver.findElement(By.id("password")).sendKeys(TestLoginResource.PASSWORD);
        driver.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("inventory")));
        assertTrue(driver.getCurrentUrl().endsWith("/governance/"), driver.getCurrentUrl());
        Cookie cookie = driver.manage().getCookieNamed("custos_token");
        assertEquals("/governance", cookie.getPath());
        assertEquals("Strict", cookie.getSameSite());

        // The inventory, with a badge per row (text, not only colour) and the counts.
        assertEquals(List.of(churnId, compliantId), rowIds());
        WebElement compliantRow = driver.findElement(By.cssSelector("tr[data-model-id='" + compliantId + "']"));
        assertEquals(hostileName, compliantRow.findElement(By.cssSelector("th.name a")).getText());
        assertEquals("Compliant", compliantRow.findElement(By.cssSelector(".badge")).getText().replace("\u2713", "")
                .strip());
        WebElement churnRow = driver.findElement(By.cssSelector("tr[data-model-id='" + churnId + "']"));
        assertTrue(churnRow.findElement(By.cssSelector(".badge[data-status='non_compliant']")).getText()
                .contains("Non-compliant"));
        assertEquals("1", driver.findElement(By.cssSelector("[data-status-count='Non-compliant'] .n")).getText());
        assertEquals(List.of(), driver.findElements(By.cssSelector("script:not([src])")), "no inline script");
        screenshot("inventory");

        // A filter: only the non-compliant version remains.
        new Select(driver.findElement(By.id("f-compliance"))).selectByValue("non_compliant");
        driver.findElement(By.id("apply")).click();
        wait.until(ExpectedConditions.urlContains("compliance=non_compliant"));
        wait.until(d -> rowIds().equals(List.of(churnId)));
        assertEquals("1 of 2 model versions (filtered)",
                driver.findElement(By.cssSelector("#inventory caption")).getText());

        // The model page: the privacy parameters up front, and the failed rule.
        driver.findElement(By.cssSelector("tr[data-model-id='" + churnId + "'] th.name a")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("privacy")));
        assertEquals("1.5", driver.findElement(By.id("privacy-epsilon")).getText());
        assertEquals("0.000001", driver.findElement(By.id("privacy-delta")).getText());
        assertEquals("rdp", driver.findElement(By.id("privacy-accountant")).getText());
        screenshot("model");
        WebElement failed = driver.findElement(
                By.cssSelector("li.outcome-failed[data-rule='privacy-assessment-for-personal-data']"));
        assertTrue(failed.isDisplayed());
        assertTrue(failed.getText().contains("Failed") && failed.getText().contains("Remediation"), failed.getText());
        assertEquals("outcome-failed", driver.findElement(By.cssSelector("ol.outcomes li")).getAttribute("class")
                .replace("outcome ", "").strip(), "failed rules first");

        // The PDF report link: the browser's own request carries the cookie and gets a PDF...
        WebElement pdfLink = driver.findElement(By.id("report-pdf"));
        String href = pdfLink.getAttribute("href");
        assertTrue(href.endsWith("/api/governance/reports/" + churnId + "?format=pdf"), href);
        @SuppressWarnings("unchecked")
        Map<String, Object> fetched = (Map<String, Object>) ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0], {credentials: 'same-origin'})
                  .then(r => r.arrayBuffer().then(b => done({status: r.status, type: r.headers.get('content-type'),
                      magic: String.fromCharCode(...new Uint8Array(b.slice(0, 4)))})))
                  .catch(e => done({status: -1, type: String(e), magic: ''}));""", href);
        assertEquals(200L, fetched.get("status"), fetched.toString());
        assertEquals("application/pdf", fetched.get("type"));
        assertEquals("%PDF", fetched.get("magic"));
        // ...clicking it downloads the PDF...
        pdfLink.click();
        Path pdf = new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> {
            try (Stream<Path> files = Files.list(downloads)) {
                return files.filter(p -> p.toString().endsWith(".pdf")).findFirst().orElse(null);
            } catch (IOException e) {
                return null;
            }
        });
        byte[] downloaded = Files.readAllBytes(pdf);
        assertEquals("%PDF", new String(downloaded, 0, 4, StandardCharsets.US_ASCII));
        assertTrue(pdf.getFileName().toString().contains("churn-" + suffix), pdf.toString());
        // ...and the href fetched with the browser's cookie is a PDF.
        Cookie reportCookie = driver.manage().getCookieNamed("custos_token");
        byte[] body = given().cookie("custos_token", reportCookie.getValue()).get(URI.create(href)).then()
                .statusCode(200).contentType("application/pdf").extract().asByteArray();
        assertEquals("%PDF", new String(body, 0, 4, StandardCharsets.US_ASCII));

        // Logging out forgets the token: the dashboard sends the browser back to the login page.
        driver.findElement(By.id("logout")).click();
        wait.until(ExpectedConditions.urlContains("/governance/login"));
        driver.get(url("/governance/"));
        wait.until(ExpectedConditions.urlContains("/governance/login"));
        assertFalse(driver.manage().getCookies().stream().anyMatch(c -> c.getName().equals("custos_token")));
    }
}
