using AndyAI.Emulator;
using AndyAI.EndToEnd.Tests.Harness;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace AndyAI.EndToEnd.Tests.Web;

/// <summary>
/// The dashboard in a real browser: Debian's headless Chromium driven by Selenium through /usr/bin/chromedriver
/// (named explicitly, so Selenium Manager never looks for a driver online), against a real host and emulator.
/// Each page is saved as a screenshot in the test results (docs/dashboard.md shows copies).
/// </summary>
[NonParallelizable] // one browser at a time on a 2-core machine
public sealed class DashboardBrowserTests
{
    private const string Token = "e2e-dashboard-token-0123456789";
    private const string ChromiumPath = "/usr/bin/chromium";
    private const string ChromedriverPath = "/usr/bin/chromedriver";

    private BotHarness _bot = null!;
    private Uri _address = null!;
    private ChromeDriver _browser = null!;
    private string _profile = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        if (!File.Exists(ChromiumPath) || !File.Exists(ChromedriverPath))
        {
            Assert.Fail($"the browser test needs Debian's chromium and chromium-driver ({ChromiumPath}, {ChromedriverPath}): apt-get install -y chromium chromium-driver (.ci/run does)");
        }

        var setup = new BotSetup();
        setup.Environment["HTTP_ADDRESS"] = BotSetup.ListenerAddress;
        setup.Environment["DASHBOARD_TOKEN"] = Token;
        _bot = await BotHarness.StartAsync(setup);
        _address = await _bot.ListenerAddressAsync();

        _profile = Path.Combine(_bot.Root, "chromium-profile");
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,900", $"--user-data-dir={_profile}");
        ChromeDriverService service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromedriverPath)!, Path.GetFileName(ChromedriverPath));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        _browser = new ChromeDriver(service, options, BotHarness.HangGuard);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _browser?.Quit();
        _browser?.Dispose();
        if (_bot is not null)
        {
            await _bot.DisposeAsync();
        }
    }

    [SetUp]
    public void LogOut()
    {
        _browser.Navigate().GoToUrl(new Uri(_address, "login"));
        _browser.Manage().Cookies.DeleteAllCookies();
    }

    [Test]
    public async Task Wrong_token_is_refused_slowly_and_logged()
    {
        _browser.Navigate().GoToUrl(new Uri(_address, "cogs"));
        Assert.That(new Uri(_browser.Url).AbsolutePath, Is.EqualTo("/login"), "a page without a session sends the browser to the login");

        _browser.FindElement(By.Id("token")).SendKeys("not-the-token-at-all");
        _browser.FindElement(By.Id("login")).Click();

        Assert.That(Wait().Until(b => b.FindElement(By.Id("login-error"))).Text, Is.EqualTo("Wrong token."));
        Screenshot("login-refused");
        _browser.Navigate().GoToUrl(new Uri(_address, "cogs"));
        Assert.That(new Uri(_browser.Url).AbsolutePath, Is.EqualTo("/login"), "still logged out");
        string line = await _bot.WaitForLogLineAsync(l => l.Contains("Dashboard login refused from", StringComparison.Ordinal));
        Assert.That(line, Does.Not.Contain("not-the-token-at-all"), "the guess is not logged");
    }

    [Test]
    public async Task Login_then_every_page_shows_the_bot_and_no_secret()
    {
        ulong channel = _bot.NewChannel("dashboard");
        EmulatorMessage question = await _bot.PostAsync(_bot.AdminUserId, channel, $"{_bot.Mention} hello dashboard");
        await _bot.WaitForAnswerAsync(question.Id, "echo: hello dashboard");
        LogIn();

        // Rates need two samples over Server-Sent Events; the charts draw from the third.
        Wait().Until(b => b.FindElement(By.Id("messages-rate")).Text != "–");
        string updated = _browser.FindElement(By.Id("updated")).Text;
        Wait().Until(b => b.FindElement(By.Id("updated")).Text != updated);
        Assert.That(_browser.FindElement(By.Id("latency")).Text, Does.Match(@"^\d+ / \d+ / \d+ ms$"), "answer latency percentiles");
        Assert.That(_browser.FindElement(By.Id("shards")).Text, Does.Contain("#0 Ready"));
        Assert.That(_browser.FindElement(By.Id("ready")).Text, Is.EqualTo("ready"));
        Screenshot("overview");

        foreach ((string path, string name, string marker) in new[] { ("cogs", "cogs", "cogs"), ("logs", "logs", "main"), ("config", "configuration", "settings") })
        {
            _browser.Navigate().GoToUrl(new Uri(_address, path));
            Wait().Until(b => b.FindElement(By.CssSelector(marker == "main" ? "main" : "#" + marker)));
            Screenshot(name);
            string page = _browser.PageSource;
            Assert.That(page, Does.Not.Contain(Token).And.Not.Contain(_bot.Discord.BotToken).And.Not.Contain("e2e-test-key"), $"{path} shows a secret");
        }

        Assert.That(_browser.FindElement(By.Id("settings")).Text, Does.Contain("DASHBOARD_TOKEN = ***"));
        Assert.That(_browser.FindElement(By.Id("plugins-valid")).Text, Is.EqualTo("Valid."));
    }

    [Test]
    public void Reload_button_reports_the_outcome_and_the_new_load_time()
    {
        LogIn();
        _browser.Navigate().GoToUrl(new Uri(_address, "cogs"));
        IWebElement utility = Row("Utility");
        Assert.That(utility.FindElement(By.CssSelector(".state")).Text, Is.EqualTo("Running"));
        Assert.That(Row("MessageHandler").FindElement(By.CssSelector(".state")).Text, Is.EqualTo("Running"));
        string loadedBefore = utility.FindElement(By.CssSelector(".loaded-at")).Text;

        utility.FindElement(By.CssSelector("button[value=Reload]")).Click();

        IWebElement outcome = Wait().Until(b => b.FindElement(By.Id("outcome")));
        Assert.That(outcome.Text, Does.Match(@"^Utility: reloaded in \d+ ms"), "the same report as !reload");
        Assert.That(Row("Utility").FindElement(By.CssSelector(".state")).Text, Is.EqualTo("Running"));
        Assert.That(Row("Utility").FindElement(By.CssSelector(".loaded-at")).Text, Is.Not.EqualTo(loadedBefore), "a new load time");
        Screenshot("cogs-reloaded");
    }

    [Test]
    public void Action_without_the_anti_forgery_token_is_refused()
    {
        LogIn();
        _browser.Navigate().GoToUrl(new Uri(_address, "cogs"));
        string loadedBefore = Row("MessageHandler").FindElement(By.CssSelector(".loaded-at")).Text;

        // A forged form: the same POST with the session cookie but without the page's token.
        _browser.ExecuteScript("document.querySelectorAll('input[name=__csrf]').forEach(e => e.remove());");
        Row("MessageHandler").FindElement(By.CssSelector("button[value=Reload]")).Click();

        Assert.That(Wait().Until(b => b.FindElement(By.Id("refused"))).Text, Does.Contain("anti-forgery token is missing or wrong"));
        _browser.Navigate().GoToUrl(new Uri(_address, "cogs"));
        Assert.That(Row("MessageHandler").FindElement(By.CssSelector(".loaded-at")).Text, Is.EqualTo(loadedBefore), "nothing was reloaded");
    }

    [Test]
    public void Log_out_ends_the_session()
    {
        LogIn();

        _browser.FindElement(By.CssSelector("form.logout button")).Click();

        Wait().Until(b => new Uri(b.Url).AbsolutePath == "/login");
        _browser.Navigate().GoToUrl(new Uri(_address, "cogs"));
        Assert.That(new Uri(_browser.Url).AbsolutePath, Is.EqualTo("/login"));
    }

    private void LogIn()
    {
        _browser.Navigate().GoToUrl(new Uri(_address, "login"));
        _browser.FindElement(By.Id("token")).SendKeys(Token);
        _browser.FindElement(By.Id("login")).Click();
        Wait().Until(b => new Uri(b.Url).AbsolutePath == "/" && b.FindElements(By.Id("shards")).Count == 1);
        Cookie? session = _browser.Manage().Cookies.GetCookieNamed("andyai_session");
        Assert.That(session, Is.Not.Null);
        Assert.That(session!.IsHttpOnly, Is.True);
        Assert.That(session.SameSite, Is.EqualTo("Strict"));
    }

    private IWebElement Row(string cog) => _browser.FindElement(By.CssSelector($"tr[data-cog='{cog}']"));

    private WebDriverWait Wait() => new(_browser, BotHarness.HangGuard);

    private void Screenshot(string name)
    {
        string directory = Path.Combine(TestContext.CurrentContext.WorkDirectory, "dashboard-screenshots");
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, $"dashboard-{name}.png");
        _browser.GetScreenshot().SaveAsFile(path);
        TestContext.AddTestAttachment(path, name);
    }
}
