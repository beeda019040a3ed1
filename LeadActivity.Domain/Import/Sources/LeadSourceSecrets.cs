using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace LeadActivity.Domain.Import.Sources;

/// <summary>Encrypts a source's API key or token at rest with ASP.NET Core Data Protection.</summary>
public sealed class LeadSourceSecrets(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("LeadActivity.LeadSources.Credential.v1");

    public string Protect(string secret) => _protector.Protect(secret);

    /// <exception cref="LeadSourceException">The server's keys changed since the credential was stored.</exception>
    public string Unprotect(string protectedSecret)
    {
        try
        {
            return _protector.Unprotect(protectedSecret);
        }
        catch (CryptographicException)
        {
            throw new LeadSourceException("The stored credential can no longer be read (the server's encryption keys changed): edit the source and enter it again.");
        }
    }

    /// <summary>The last four characters, shown so people can tell which credential is stored.</summary>
    public static string Hint(string secret) => secret.Length <= 8 ? "…" : "…" + secret[^4..];
}
