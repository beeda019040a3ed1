using System.Security.Cryptography;
using System.Text;
using LeadActivity.Domain.Organizations;

namespace LeadActivity.Domain.ApiKeys;

/// <summary>A key the organization's agent sends as <c>X-Api-Key</c>. Only its hash is stored.</summary>
public sealed class ApiKey : IOrganizationOwned
{
    public int Id { get; set; }
    public int OrganizationId { get; set; }
    public required string Name { get; set; }

    /// <summary>Lower-case hex SHA-256 of the key.</summary>
    public required string KeyHash { get; set; }

    /// <summary>The key's first characters, so people can tell their keys apart without the key itself.</summary>
    public string? Hint { get; set; }

    /// <summary>Who created the key (the demo key: the settings file).</summary>
    public string? CreatedBy { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }

    /// <summary>What <see cref="Hint"/> keeps of a key: its first characters.</summary>
    public static string HintOf(string key) => key[..Math.Min(8, key.Length)];

    /// <summary>
    /// API keys are long random strings, so a fast unsalted hash is enough: there is nothing to brute-force.
    /// </summary>
    public static string Hash(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
