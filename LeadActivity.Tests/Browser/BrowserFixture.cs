using LeadActivity.Tests.Support;
using Microsoft.Playwright;

namespace LeadActivity.Tests.Browser;

/// <summary>Where Debian's Chromium is, and whether browser tests can run here.</summary>
public static class Chromium
{
    public static string ExecutablePath { get; } =
        Environment.GetEnvironmentVariable("LEADACTIVITY_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static bool IsInstalled => File.Exists(ExecutablePath);

    /// <summary>On CI a missing browser is a failure, never a silent skip.</summary>
    public static bool IsRequired => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public const string InstallHint = "install it with `apt-get install -y chromium` or set LEADACTIVITY_CHROMIUM to its path";

    /// <summary>Headless Debian Chromium, never a downloaded browser.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = ExecutablePath,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
    });

    /// <summary>For tests that need more than a browser (servers): skips where Chromium is missing, fails under CI.</summary>
    public static void Require()
    {
        if (IsInstalled)
            return;
        if (IsRequired)
            throw new InvalidOperationException($"CI=true but Chromium is not at {ExecutablePath}: {InstallHint}.");
        throw new SkipException($"Chromium not found at {ExecutablePath}: {InstallHint}.");
    }
}

/// <summary>A test that drives a real browser; skipped with a hint where no Chromium is installed (outside CI).</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!Chromium.IsInstalled && !Chromium.IsRequired)
            Skip = $"Chromium not found at {Chromium.ExecutablePath}: {Chromium.InstallHint}.";
    }
}

/// <summary>A browser test run once per row of data; skipped as <see cref="BrowserFactAttribute"/> is.</summary>
public sealed class BrowserTheoryAttribute : TheoryAttribute
{
    public BrowserTheoryAttribute()
    {
        if (!Chromium.IsInstalled && !Chromium.IsRequired)
            Skip = $"Chromium not found at {Chromium.ExecutablePath}: {Chromium.InstallHint}.";
    }
}

/// <summary>One app on a real Kestrel port and one headless Chromium, shared by the browser tests.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private readonly LeadActivityAppFactory _app = new();
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public Uri BaseAddress { get; private set; } = null!;

    public LeadActivityAppFactory App => _app;

    public async Task InitializeAsync()
    {
        if (!Chromium.IsInstalled)
        {
            if (Chromium.IsRequired)
                throw new InvalidOperationException($"CI=true but Chromium is not at {Chromium.ExecutablePath}: {Chromium.InstallHint}.");
            return;
        }

        BaseAddress = _app.StartOnRealPort();
        _playwright = await Playwright.CreateAsync();
        _browser = await Chromium.LaunchAsync(_playwright);
    }

    /// <summary>
    /// A fresh browser context (own storage) with one page, signed in as the demo admin: the sign-in cookie is taken
    /// once through the real sign-in page and copied into each context.
    /// </summary>
    public async Task<IPage> NewPageAsync()
    {
        _signedIn ??= await SignInOnceAsync();
        return await NewContextPageAsync(_signedIn);
    }

    /// <summary>A fresh browser context that is not signed in.</summary>
    public Task<IPage> NewAnonymousPageAsync() => NewContextPageAsync(null);

    private string? _signedIn;

    private async Task<IPage> NewContextPageAsync(string? storageState)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseAddress.ToString(), StorageState = storageState });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    private async Task<string> SignInOnceAsync()
    {
        var page = await NewAnonymousPageAsync();
        await page.SignInAsync(LeadActivityAppFactory.AdminEmail, LeadActivityAppFactory.Password);
        var state = await page.Context.StorageStateAsync();
        await page.Context.CloseAsync();
        return state;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
        await _app.DisposeAsync();
    }
}

[CollectionDefinition(Name, DisableParallelization = true)] // real browsers time out when they share two cores with the rest of the suite
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}

public static class PageExtensions
{
    /// <summary>
    /// Presses Tab until <paramref name="target"/> (or something inside it) has the keyboard; with
    /// <paramref name="orBackward"/>, Shift+Tab after that if Tab went round without reaching it.
    /// </summary>
    public static async Task TabToAsync(this IPage page, ILocator target, bool orBackward = false)
    {
        await Assertions.Expect(target).ToBeVisibleAsync();
        foreach (var key in orBackward ? new[] { "Tab", "Shift+Tab" } : ["Tab"])
        {
            for (var i = 0; i < 60; i++)
            {
                if (await target.EvaluateAsync<bool>("e => e === document.activeElement || e.contains(document.activeElement)"))
                    return;
                await page.Keyboard.PressAsync(key);
            }
        }
        Assert.Fail($"{(orBackward ? "Neither Tab nor Shift+Tab" : "60 Tabs never")} reached {target}.");
    }

    /// <summary>Navigates and waits until the Blazor circuit is interactive, so clicks are handled.</summary>
    public static async Task OpenAsync(this IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.WaitForInteractiveAsync();
    }

    /// <summary>
    /// Waits, in the page, until its address contains <paramref name="part"/> (and not <paramref name="absent"/>).
    /// Playwright's WaitForURL can miss a pushState that lands just before it starts listening; this polls instead.
    /// </summary>
    public static Task WaitForAddressAsync(this IPage page, string part, string? absent = null) =>
        page.WaitForFunctionAsync("([part, absent]) => location.href.includes(part) && !(absent && location.href.includes(absent))",
            new[] { part, absent });

    /// <summary>Signs in through the sign-in page and waits for the dashboard.</summary>
    public static async Task SignInAsync(this IPage page, string email, string password, Uri? server = null)
    {
        await page.GotoAsync(server is null ? "/account/sign-in" : new Uri(server, "account/sign-in").ToString());
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForInteractiveAsync();
    }

    public static Task WaitForInteractiveAsync(this IPage page) =>
        page.Locator("#circuit-ready").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
}
