using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LeadActivity.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LeadActivity.Tests.Hosting;

/// <summary>The Data Protection keys in the database: encrypted with the configured certificate, readable by every node holding it.</summary>
public sealed class DataProtectionKeyTests : IDisposable
{
    private readonly string _pfx = Path.Combine(Path.GetTempPath(), $"leadactivity-keys-{Guid.NewGuid():N}.pfx");

    public DataProtectionKeyTests()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=LeadActivity keys", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        File.WriteAllBytes(_pfx, certificate.Export(X509ContentType.Pfx, "keys-password"));
    }

    public void Dispose() => File.Delete(_pfx);

    [Fact]
    public async Task With_a_certificate_configured_the_keys_are_stored_encrypted_no_warning_is_logged_and_another_node_reads_them()
    {
        var warnings = new WarningLog();
        var settings = new Dictionary<string, string?>
        {
            ["DataProtection:CertificatePath"] = _pfx,
            ["DataProtection:CertificatePassword"] = "keys-password",
        };
        await using var nodeA = new LeadActivityAppFactory { DemoLeads = 10, Settings = settings, TestServices = s => s.AddSingleton<ILoggerProvider>(warnings) };
        using var signedIn = await nodeA.SignedInClientAsync(); // the sign-in form's token makes the first key

        await using (var db = nodeA.Database.CreateContext(0))
        {
            var xml = Assert.Single(await db.DataProtectionKeys.Select(k => k.Xml).ToListAsync()) ?? "";
            Assert.Contains("encryptedSecret", xml);
            Assert.DoesNotContain("<masterKey", xml.Replace("<masterKey p4:requiresEncryption", "", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.Contains("X509", xml); // encrypted to the certificate
        }
        Assert.DoesNotContain(warnings.Lines, l => l.Contains("No XML encryptor configured", StringComparison.Ordinal));

        // A second node with the same certificate decrypts the key: what one node protects (a cookie), the other reads.
        await using var nodeB = new LeadActivityAppFactory { SameDatabaseAs = nodeA, DemoLeads = 10, Settings = settings };
        var protectedByA = nodeA.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("sign-in");
        Assert.Equal("sign-in", nodeB.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(protectedByA));
    }

    [Fact]
    public async Task Without_a_certificate_the_keys_are_stored_in_the_clear_and_the_warning_says_so()
    {
        var warnings = new WarningLog();
        await using var node = new LeadActivityAppFactory { DemoLeads = 10, TestServices = s => s.AddSingleton<ILoggerProvider>(warnings) };
        using var signedIn = await node.SignedInClientAsync();

        await using var db = node.Database.CreateContext(0);
        Assert.DoesNotContain("encryptedSecret", Assert.Single(await db.DataProtectionKeys.Select(k => k.Xml).ToListAsync()) ?? "");
        Assert.Contains(warnings.Lines, l => l.Contains("No XML encryptor configured", StringComparison.Ordinal));
    }

    /// <summary>The warnings the app logs, to check the one about unencrypted keys is gone.</summary>
    private sealed class WarningLog : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyList<string> Lines => [.. _lines];

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose() { }

        private sealed class Logger(WarningLog log) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                log._lines.Enqueue(formatter(state, exception));
        }
    }
}
