using System.Security.Cryptography;

namespace LeadActivity.Domain.Accounts;

/// <summary>Passwords an admin hands to a new member, who must replace it at the first sign-in.</summary>
public static class OneTimePassword
{
    // No 0/O, 1/l/I: the password is read off a screen and typed.
    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Lower = "abcdefghijkmnopqrstuvwxyz";
    private const string Digits = "23456789";

    /// <summary>Four groups of four joined by dashes, e.g. <c>Kp7x-9Qm2-tR4v-Wz8n</c>: about 90 bits, and every
    /// character class Identity's password rules ask for.</summary>
    public static string Create()
    {
        const string all = Upper + Lower + Digits;
        Span<char> chars = stackalloc char[16];
        for (var i = 0; i < chars.Length; i++)
            chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        // One of each class in places drawn at random, so no class is ever missing.
        chars[RandomNumberGenerator.GetInt32(0, 5)] = Upper[RandomNumberGenerator.GetInt32(Upper.Length)];
        chars[RandomNumberGenerator.GetInt32(5, 10)] = Lower[RandomNumberGenerator.GetInt32(Lower.Length)];
        chars[RandomNumberGenerator.GetInt32(10, 16)] = Digits[RandomNumberGenerator.GetInt32(Digits.Length)];
        return string.Join('-', new string(chars).Chunk(4).Select(group => new string(group)));
    }
}
