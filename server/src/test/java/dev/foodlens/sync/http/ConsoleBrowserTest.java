package dev.foodlens.sync.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.client.HttpResponse;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator console in a real browser (issue 18): Debian's headless Chromium, driven by
 * chromium-driver, against a real gateway and Postgres holding {@link ConsoleScenario}'s
 * workload. Never skipped: {@code .ci/run} installs both packages when they are missing.
 *
 * <p>Each page's screenshot goes to {@code target/console-screenshots/}; with
 * {@code -Dfoodlens.console.docs=docs/console} they are copied there too (docs/runbook.md).
 */
class ConsoleBrowserTest {
  static final Path SHOTS = Path.of("target", "console-screenshots");
  static final String ADMIN_SUB = "ops-oncall";
  static final String ADMIN = TestTokens.admin(ADMIN_SUB);
  /** A laptop screen: the console must work without sideways scrolling here. */
  static final Dimension LAPTOP = new Dimension(1366, 768);

  static TestDatabase db;
  static TestGateway gw;
  static ConsoleScenario scenario;
  static ChromeDriver browser;
  static WebDriverWait wait;

  @BeforeAll
  static void start() throws IOException {
    db = TestDatabase.create(ConsoleBrowserTest.class);
    gw = TestGateway.on(db).start();
    scenario = ConsoleScenario.run(gw);
    Files.createDirectories(SHOTS);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium")
        .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
            "--disable-gpu", "--window-size=" + LAPTOP.width + "," + LAPTOP.height,
            "--force-device-scale-factor=1", "--lang=en-US");
    browser = new ChromeDriver(service, options);
    wait = new WebDriverWait(browser, Duration.ofSeconds(20));
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    gw.close();
    db.close();
  }

  /** A page load starts signed out: the token lived in the previous page's memory. */
  private void signIn() {
    browser.get("http://127.0.0.1:" + gw.port() + "/admin/console");
    WebElement field = wait.until(ExpectedConditions.elementToBeClickable(By.id("token")));
    assertThat(browser.switchTo().activeElement()).isEqualTo(field);
    field.sendKeys(ADMIN, Keys.ENTER);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("nav")));
  }

  @Test
  void signIn_keepsTheTokenInMemoryOnly_andRefusesAUserToken() {
    browser.get("http://127.0.0.1:" + gw.port() + "/admin/console");
    wait.until(ExpectedConditions.elementToBeClickable(By.id("token")))
        .sendKeys(TestTokens.user("not-an-admin"), Keys.ENTER);
    WebElement alert = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("alert")));
    assertThat(alert.getText()).contains("foodlens-admin");
    assertThat(browser.findElement(By.id("nav")).isDisplayed()).isFalse();
    assertThat(browser.findElement(By.id("token")).getAttribute("value")).isEmpty();
    screenshot("signin");

    browser.findElement(By.id("token")).sendKeys(ADMIN, Keys.ENTER);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("rollout")));
    assertThat(browser.getPageSource()).doesNotContain(ADMIN);
    assertThat(js("return localStorage.length + sessionStorage.length")).isEqualTo(0L);
    assertThat(js("return document.cookie")).isEqualTo("");
    assertThat(browser.findElement(By.id("token")).getAttribute("value")).isEmpty();
    browser.navigate().refresh();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signin")));
    assertThat(browser.findElement(By.id("nav")).isDisplayed()).isFalse();
  }

  @Test
  void rolloutPage_showsTheSeededWorkload_andRefreshesLive() {
    signIn();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(
        By.cssSelector("#card-conflicts .value"), "1"));
    // Columns: entity, users with data, imported, skipped, invalid, refused 15 min, 1 hour.
    assertThat(cell("#entities", "profile", 6)).isEqualTo("1");
    assertThat(cell("#entities", "history", 4)).isEqualTo("1");
    assertThat(cell("#entities", "allergies", 2)).isEqualTo("1");
    assertThat(browser.findElement(By.cssSelector("#card-in-progress .value")).getText())
        .isEqualTo("0");
    assertThat(browser.findElement(By.cssSelector("#card-complete .value")).getText())
        .isEqualTo("1");
    assertThat(browser.findElement(By.id("refused-elsewhere")).getText()).contains("push 1");
    wait.until(d -> "1".equals(cell("#queue-depth", "10-99", 1)));
    assertThat(cell("#queue-depth", "1-9", 1)).isEqualTo("1");
    assertThat(cell("#oldest-pending", "10-60 min", 1)).isEqualTo("1");
    assertFitsTheScreen();
    screenshot("rollout");

    // A bad settings write, sent while the page is open, shows up without a reload.
    HttpResponse<Buffer> refused = gw.patch("/me/settings",
        TestTokens.user(scenario.user()), "{\"fields\":{\"units\":\"furlongs\"}}");
    assertThat(refused.statusCode()).isEqualTo(422);
    wait.until(d -> "1".equals(cell("#entities", "settings", 5)));
    assertThat(browser.findElement(By.cssSelector("#entities tr[data-entity='settings']"))
        .getAttribute("class")).contains("hot");
  }

  @Test
  void pausingAnEntity_needsItsTypedName_isAudited_andRefusesADevicesWrite() {
    signIn();
    browser.findElement(By.id("nav-levers")).click();
    String name = "writesPaused.allergies";
    WebElement turnOn = wait.until(ExpectedConditions.elementToBeClickable(
        By.cssSelector("#toggles button[data-toggle='" + name + "']")));
    assertThat(turnOn.getText()).isEqualTo("Turn on");
    assertFitsTheScreen();
    turnOn.sendKeys(Keys.ENTER);

    WebElement dialog = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
    WebElement input = browser.findElement(By.id("confirm-input"));
    WebElement apply = browser.findElement(By.id("confirm-apply"));
    assertThat(browser.switchTo().activeElement()).isEqualTo(input);
    input.sendKeys("writesPaused");
    assertThat(apply.isEnabled()).isFalse();
    input.sendKeys(Keys.ENTER);
    assertThat(dialog.isDisplayed()).isTrue();
    assertThat(gw.get("/admin/toggles", ADMIN).bodyAsJsonObject().getBoolean(name)).isFalse();
    input.sendKeys(".allergies");
    assertThat(apply.isEnabled()).isTrue();
    screenshot("levers-confirm");
    apply.click();

    wait.until(ExpectedConditions.textToBePresentInElementLocated(
        By.cssSelector("#toggles tr[data-toggle='" + name + "'] .badge"), "on"));
    assertThat(browser.findElement(By.cssSelector("#toggles tr[data-toggle='" + name + "']"))
        .getText()).contains(ADMIN_SUB);
    List<WebElement> audit = browser.findElements(By.cssSelector("#audit tbody tr"));
    assertThat(audit.get(0).getText()).contains(name).contains("off").contains("on")
        .contains(ADMIN_SUB);
    assertThat(browser.switchTo().activeElement().getAttribute("data-toggle")).isEqualTo(name);
    screenshot("levers");

    // A device's allergy write is refused while profile writes flow (another user: the
    // scenario's user stays as the other tests read it).
    PushClient phone = new PushClient(gw, TestTokens.user("u-" + UUID.randomUUID()), "phone-z");
    HttpResponse<Buffer> paused = phone.push(new JsonArray().add(PushClient.addAllergy("milk")));
    ErrorTableTest.assertProblem(paused, 503, "writes-paused");
    assertThat(phone.push(new JsonArray().add(PushClient.profile("Ana"))).statusCode())
        .isEqualTo(200);

    browser.findElement(By.cssSelector("#toggles button[data-toggle='" + name + "']")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
    browser.findElement(By.id("confirm-input")).sendKeys(name, Keys.ENTER);
    wait.until(ExpectedConditions.textToBePresentInElementLocated(
        By.cssSelector("#toggles tr[data-toggle='" + name + "'] .badge"), "off"));
    assertThat(phone.push(new JsonArray().add(PushClient.addAllergy("milk"))).statusCode())
        .isEqualTo(200);
    assertThat(db.count("SELECT count(*) FROM toggle_changes WHERE name = '" + name
        + "' AND changed_by = '" + ADMIN_SUB + "'")).isEqualTo(2);
  }

  @Test
  void oneUsersTimeline_showsTheTwoDeviceConflict_refusedWrites_andDevices() {
    signIn();
    browser.findElement(By.id("nav-user")).click();
    WebElement search = wait.until(ExpectedConditions.elementToBeClickable(By.id("user-id")));
    search.sendKeys(scenario.user(), Keys.ENTER);
    WebElement remove = wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector("#timeline tr[data-op='" + scenario.removeOp() + "']")));
    List<WebElement> cells = remove.findElements(By.tagName("td"));
    assertThat(cells.get(2).getText()).isEqualTo(ConsoleScenario.TABLET);
    assertThat(cells.get(3).getText()).isEqualTo("allergies");
    assertThat(cells.get(4).getText()).isEqualTo("conflict");
    assertThat(cells.get(5).getText()).contains("remove peanut").contains(ConsoleScenario.TABLET);
    assertThat(cells.get(6).getText()).contains("peanut: open");
    WebElement add = browser.findElement(
        By.cssSelector("#timeline tr[data-op='" + scenario.addOp() + "']"));
    assertThat(add.findElements(By.tagName("td")).get(2).getText())
        .isEqualTo(ConsoleScenario.PHONE);
    assertThat(browser.findElement(By.cssSelector(
        "#timeline tr[data-op='" + scenario.phoneRename() + "']")).getText())
        .contains("overwritten by op " + scenario.tabletRename());
    assertThat(browser.findElement(By.cssSelector("#refused tbody")).getText())
        .contains(scenario.refusedOp().toString()).contains("422").contains("Validation failed");
    assertThat(browser.findElement(By.cssSelector("#devices tbody")).getText())
        .contains(ConsoleScenario.PHONE).contains(ConsoleScenario.TABLET);
    assertThat(browser.getPageSource()).doesNotContain(ADMIN)
        .doesNotContain(TestTokens.user(scenario.user()));
    screenshot("user");

    search = browser.findElement(By.id("user-id"));
    search.clear();
    search.sendKeys("nobody-" + UUID.randomUUID(), Keys.ENTER);
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("alert"),
        "never wrote anything"));
  }

  @Test
  void everyControlIsLabelled_reachableByKeyboard_withAVisibleFocus_andTextContrastAA() {
    signIn();
    Long unlabelled = (Long) js("return [...document.querySelectorAll('input')]"
        + ".filter(i => i.labels.length === 0 && !i.getAttribute('aria-label')).length");
    assertThat(unlabelled).isZero();
    assertThat((Long) js("return [...document.querySelectorAll('table')]"
        + ".filter(t => !t.caption).length")).isZero();
    // From the top of the page, Tab reaches the skip link, then the page links, in order.
    js("document.activeElement.blur(); window.scrollTo(0, 0)");
    browser.findElement(By.tagName("body")).sendKeys(Keys.TAB);
    assertThat(browser.switchTo().activeElement().getText()).isEqualTo("Skip to content");
    WebElement link = browser.switchTo().activeElement();
    link.sendKeys(Keys.TAB);
    assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("nav-rollout");
    assertThat((String) js("return getComputedStyle(document.activeElement).outlineStyle"))
        .isEqualTo("solid");
    browser.switchTo().activeElement().sendKeys(Keys.TAB);
    browser.switchTo().activeElement().sendKeys(Keys.ENTER);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("levers")));
    assertThat(browser.findElement(By.id("nav-levers")).getAttribute("aria-current"))
        .isEqualTo("page");
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#toggles button")));
    assertThat(lowContrastTexts()).isEmpty();
    browser.findElement(By.id("nav-rollout")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#entities tbody th")));
    assertThat(lowContrastTexts()).isEmpty();
    browser.findElement(By.id("nav-user")).click();
    browser.findElement(By.id("user-id")).sendKeys(scenario.user(), Keys.ENTER);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#timeline tbody tr")));
    assertThat(lowContrastTexts()).isEmpty();
  }

  /**
   * WCAG AA for every visible piece of text on the page: the contrast ratio of its colour on the
   * first opaque background behind it is at least 4.5:1. Answers the texts that fall short.
   */
  @SuppressWarnings("unchecked")
  private List<String> lowContrastTexts() {
    return (List<String>) js("""
        const rgb = c => c.match(/[\\d.]+/g).map(Number);
        const lum = ([r, g, b]) => [r, g, b].map(v => v / 255)
            .map(v => v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4))
            .reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0);
        const background = el => {
          for (let e = el; e; e = e.parentElement) {
            const c = rgb(getComputedStyle(e).backgroundColor);
            if (c.length < 4 || c[3] === 1) return c.slice(0, 3);
          }
          return [255, 255, 255];
        };
        return [...document.querySelectorAll('body *')]
          .filter(e => e.offsetParent !== null || e.tagName === 'DIALOG')
          .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
          .filter(e => e.closest('.visually-hidden') === null && e.closest('[hidden]') === null)
          .map(e => {
            const fg = lum(rgb(getComputedStyle(e).color).slice(0, 3));
            const bg = lum(background(e));
            const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
            return ratio < 4.5 ? e.tagName + ' "' + e.textContent.trim().slice(0, 40) + '" '
                + ratio.toFixed(2) : null;
          })
          .filter(x => x !== null);
        """);
  }

  /** Read in one script: the page re-renders its tables on every refresh. */
  private String cell(String table, String row, int column) {
    return (String) ((JavascriptExecutor) browser).executeScript(
        "const tr = [...document.querySelectorAll(arguments[0] + ' tbody tr')].find(r =>"
            + " r.querySelector('th') && r.querySelector('th').textContent === arguments[1]);"
            + "return tr ? tr.querySelectorAll('th, td')[arguments[2]].textContent : null;",
        table, row, column);
  }

  private Object js(String script) {
    return ((JavascriptExecutor) browser).executeScript(script);
  }

  /** Nothing wider than the laptop's viewport: no sideways scrolling of the page itself. */
  private void assertFitsTheScreen() {
    assertThat((Long) js("return document.documentElement.scrollWidth"))
        .isLessThanOrEqualTo((Long) js("return document.documentElement.clientWidth"));
  }

  /**
   * The whole page at the laptop's width: the window grows to the page's height for the shot
   * (a screenshot shows only the viewport), then goes back to the laptop's size.
   */
  private void screenshot(String page) {
    Path shot = SHOTS.resolve(page + ".png");
    long chrome = (Long) js("return window.outerHeight - window.innerHeight");
    long height = (Long) js("return document.documentElement.scrollHeight");
    browser.manage().window().setSize(new Dimension(LAPTOP.width,
        (int) Math.max(LAPTOP.height, height + chrome)));
    try {
      Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
      String docs = System.getProperty("foodlens.console.docs");
      if (docs != null && !docs.isBlank()) {
        Path dir = Files.createDirectories(Path.of(docs));
        Files.copy(shot, dir.resolve(page + ".png"), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      browser.manage().window().setSize(LAPTOP);
    }
  }
}
