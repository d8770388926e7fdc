package dev.siyu.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.siyu.system.TestApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console in a real browser (Debian's chromium, driven through chromium-driver): a
 * marketer logs in, opens the ad journey of the demo brand running as it does after
 * {@code mvn spring-boot:run}, sees every step's figures on the diagram equal to the
 * API's, and pauses a launch from the launches page. Screenshots go to
 * {@code target/screenshots}. Without chromium the test is skipped, unless the
 * environment sets {@code SIYU_TEST_BROWSER_REQUIRED=true} (as CI does), which makes that
 * a failure.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "siyu.demo-data.enabled=true", "camunda.bpm.job-execution.enabled=true",
				"siyu.events.auto-notify=true", "siyu.messaging.auto-dispatch=true" })
@ActiveProfiles("test")
class ConsoleBrowserTest {

	static final Path CHROMIUM = Path.of(System.getProperty("siyu.test.chromium", "/usr/bin/chromium"));

	static final Path CHROMEDRIVER = Path.of(System.getProperty("siyu.test.chromedriver", "/usr/bin/chromedriver"));

	static final Path SCREENSHOTS = Path.of("target", "screenshots");

	@LocalServerPort
	int port;

	RestClient api;

	ChromeDriver browser;

	@BeforeEach
	void openBrowser() throws IOException {
		boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
		if (Boolean.parseBoolean(System.getenv("SIYU_TEST_BROWSER_REQUIRED"))) {
			assertThat(present)
				.as("chromium and chromium-driver are installed (apt-get install chromium chromium-driver)")
				.isTrue();
		}
		Assumptions.assumeTrue(present, "no chromium or chromium-driver on this machine");
		this.api = TestApi.asDemo(this.port);
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--window-size=1440,1100", "--lang=zh-CN",
				"--user-data-dir=" + Files.createTempDirectory("siyu-chromium"));
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		this.browser = new ChromeDriver(service, options);
		Files.createDirectories(SCREENSHOTS);
	}

	@AfterEach
	void closeBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void theJourneyPageDrawsTheDiagramWithTheApisFiguresAndALaunchIsPausedFromThePage() throws Exception {
		// the demo leads have entered the ad journey and wait after their first content
		JsonNode settled = await().atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofSeconds(2))
			.until(this::stableFunnel, (funnel) -> funnel != null && funnel.get("totals").get("entered").asLong() > 0);
		assertThat(settled.get("totals").get("entered").asLong()).isPositive();

		this.browser.get("http://localhost:" + this.port + "/");
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(30));
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#login input[name=user]")))
			.sendKeys("demo");
		this.browser.findElement(By.cssSelector("#login input[name=password]")).sendKeys("demo");
		this.browser.findElement(By.cssSelector("#login button[type=submit]")).click();
		wait.until(ExpectedConditions
			.presenceOfElementLocated(By.cssSelector("#journeys tr[data-journey=ad-to-purchase]")));
		assertThat(this.browser.findElement(By.cssSelector("#journeys")).getText()).contains("进入", "转化率");
		screenshot("console-journeys.png");

		this.browser.findElement(By.cssSelector("#journeys tr[data-journey=ad-to-purchase] a")).click();
		wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".siyu-overlay")));
		wait.until((driver) -> "false".equals(driver.findElement(By.id("page")).getAttribute("aria-busy")));
		Map<String, long[]> shown = overlays();
		Map<String, long[]> expected = figures(stableFunnel());
		assertThat(shown).as("the figures on the diagram, per step: entered, waiting, converted")
			.usingRecursiveComparison()
			.isEqualTo(expected);
		assertThat(shown).containsKeys("StartEvent_AdLeadCaptured");
		assertThat(this.browser.findElement(By.cssSelector("[data-figure=entered] .value")).getText())
			.isEqualTo(String.format("%,d", expected.get("StartEvent_AdLeadCaptured")[0]));
		assertThat(this.browser.findElements(By.cssSelector("#steps-chart canvas"))).isNotEmpty();
		screenshot("console-journey.png");

		// the segment builder: its live count is the API's preview of what it built
		this.browser.get("http://localhost:" + this.port + "/#/segments");
		wait.until((driver) -> !driver.findElement(By.id("count")).getText().equals("–"));
		assertThat(count()).isEqualTo(preview(Map.of("bought", Map.of("sku", "MILK-59"))));
		this.browser.findElement(By.id("add")).click();
		long both = preview(
				Map.of("and", List.of(Map.of("bought", Map.of("sku", "MILK-59")), Map.of("reachable", "sms"))));
		wait.until((driver) -> count() == both);
		assertThat(this.browser.findElement(By.id("definition")).getAttribute("value"))
			.contains("\"reachable\": \"sms\"");
		screenshot("console-segments.png");

		// the message log of the journey, and a customer's timeline from it
		this.browser.get("http://localhost:" + this.port + "/#/messages?journey=ad-to-purchase");
		wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#messages tr[data-message]")));
		JsonNode newest = this.api.get()
			.uri("/api/messages?journey=ad-to-purchase&limit=1")
			.retrieve()
			.body(JsonNode.class)
			.get(0);
		WebElement first = this.browser.findElement(By.cssSelector("#messages tr[data-message]"));
		assertThat(first.getAttribute("data-message")).isEqualTo(newest.get("id").asText());
		first.findElement(By.cssSelector("a[href^='#/customers/']")).click();
		wait.until(
				ExpectedConditions.presenceOfElementLocated(By.cssSelector("#timeline li[data-kind=journey-entered]")));
		assertThat(this.browser.findElement(By.id("timeline")).getText()).contains("ad-to-purchase",
				newest.get("template").asText());
		screenshot("console-customer.png");

		long launch = startSlowLaunch();
		this.browser.get("http://localhost:" + this.port + "/#/launches");
		By pause = By.cssSelector("tr[data-launch='" + launch + "'] button[data-action=pause]");
		wait.until(ExpectedConditions.elementToBeClickable(pause)).click();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.api.get().uri("/api/launches/{id}", launch).retrieve().body(JsonNode.class),
					(state) -> "PAUSED".equals(state.get("status").asText()));
		wait.until(ExpectedConditions.textToBe(By.cssSelector("tr[data-launch='" + launch + "'] .status"), "PAUSED"));
		assertThat(this.browser
			.findElements(By.cssSelector("tr[data-launch='" + launch + "'] button[data-action=resume]"))).hasSize(1);
		screenshot("console-launches.png");

		// English at the switch, kept for the next page
		this.browser.findElement(By.id("language")).click();
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("nav"), "Journeys"));
		this.browser.get("http://localhost:" + this.port + "/#/journeys");
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("journeys"), "Conversion"));
	}

	private long count() {
		String count = this.browser.findElement(By.id("count")).getAttribute("data-count");
		return (count == null) ? -1 : Long.parseLong(count);
	}

	private long preview(Map<String, Object> definition) {
		return TestApi.postJson(this.api, "/api/segments/preview?sample=0", Map.of("definition", definition))
			.getBody()
			.get("count")
			.asLong();
	}

	/** The funnel, read twice two seconds apart until both reads agree. */
	private JsonNode stableFunnel() throws InterruptedException {
		JsonNode first = funnel();
		Thread.sleep(2000);
		JsonNode second = funnel();
		return first.get("activities").equals(second.get("activities")) ? second : null;
	}

	private JsonNode funnel() {
		return this.api.get().uri("/api/journeys/ad-to-purchase/funnel").retrieve().body(JsonNode.class);
	}

	private static Map<String, long[]> figures(JsonNode funnel) {
		Map<String, long[]> figures = new java.util.TreeMap<>();
		if (funnel != null) {
			funnel.get("activities")
				.forEach((activity) -> figures.put(activity.get("activityId").asText(),
						new long[] { activity.get("entered").asLong(), activity.get("waiting").asLong(),
								activity.get("attributedConversions").asLong() }));
		}
		return figures;
	}

	private Map<String, long[]> overlays() {
		Map<String, long[]> shown = new java.util.TreeMap<>();
		for (WebElement overlay : this.browser.findElements(By.cssSelector(".siyu-overlay"))) {
			shown.put(overlay.getAttribute("data-activity"),
					new long[] { Long.parseLong(overlay.getAttribute("data-entered")),
							Long.parseLong(overlay.getAttribute("data-waiting")),
							Long.parseLong(overlay.getAttribute("data-converted")) });
		}
		return shown;
	}

	/**
	 * A launch to every demo customer, six a minute: it runs long enough to be paused.
	 */
	private long startSlowLaunch() {
		Map<String, Object> request = new HashMap<>();
		request.put("journey", "hero-product-campaign");
		request.put("audience", Map.of("field", Map.of("name", "createdAt", "op", "isSet")));
		request.put("ratePerMinute", 6);
		JsonNode launch = TestApi.postJson(this.api, "/api/launches", request).getBody();
		long id = launch.get("id").asLong();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.api.get().uri("/api/launches/{id}", id).retrieve().body(JsonNode.class),
					(state) -> List.of("RUNNING", "PENDING").contains(state.get("status").asText()));
		return id;
	}

	private void screenshot(String name) throws IOException {
		Files.write(SCREENSHOTS.resolve(name), this.browser.getScreenshotAs(OutputType.BYTES));
	}

}
