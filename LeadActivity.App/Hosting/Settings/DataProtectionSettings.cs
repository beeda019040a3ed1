using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace LeadActivity.App.Hosting.Settings;

/// <summary>
/// The <c>DataProtection</c> section: a certificate (a PKCS#12 <c>.pfx</c> file with its private key) that encrypts
/// the Data Protection keys where they are stored, in the database. Without it the keys are stored in the clear, and
/// whoever can read the database can forge sign-in cookies and read sources' stored credentials.
/// </summary>
internal sealed class DataProtectionSettings
{
    public const string Section = "DataProtection";

    /// <summary>The <c>.pfx</c> file; relative paths are from the settings file's folder. None: keys unencrypted.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The file's password, if it has one (better set in the environment: <c>DataProtection__CertificatePassword</c>).</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>The certificate, loaded; null when none is configured.</summary>
    /// <exception cref="CryptographicException">The file is not a certificate this password opens.</exception>
    public X509Certificate2? Load()
    {
        if (string.IsNullOrWhiteSpace(CertificatePath))
            return null;
        return X509CertificateLoader.LoadPkcs12FromFile(Path.GetFullPath(CertificatePath, SettingsFile.Directory), CertificatePassword,
            X509KeyStorageFlags.EphemeralKeySet);
    }
}

/// <summary>Refuses a certificate that cannot encrypt and decrypt the keys, with one line naming the setting.</summary>
internal sealed class DataProtectionSettingsValidation : IValidateOptions<DataProtectionSettings>
{
    public ValidateOptionsResult Validate(string? name, DataProtectionSettings options)
    {
        if (string.IsNullOrWhiteSpace(options.CertificatePath))
            return ValidateOptionsResult.Success;
        var path = Path.GetFullPath(options.CertificatePath, SettingsFile.Directory);
        if (!File.Exists(path))
            return ValidateOptionsResult.Fail($"DataProtection:CertificatePath names {path}, which does not exist: point it at a .pfx file with its private key.");
        try
        {
            using var certificate = options.Load()!;
            if (!certificate.HasPrivateKey || certificate.GetRSAPrivateKey() is null)
                return ValidateOptionsResult.Fail($"DataProtection:CertificatePath ({path}) holds no RSA private key: the keys could be encrypted but never read back.");
            return ValidateOptionsResult.Success;
        }
        catch (CryptographicException e)
        {
            return ValidateOptionsResult.Fail($"DataProtection:CertificatePath ({path}) cannot be opened ({e.Message.TrimEnd('.')}): check the file and DataProtection:CertificatePassword.");
        }
    }
}
