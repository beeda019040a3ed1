using StackExchange.Redis;

namespace LeadActivity.Domain.Activities;

/// <summary>
/// The forms <c>Events:Redis</c> takes: a StackExchange.Redis configuration string (<c>redis.internal:6379</c>,
/// <c>redis.internal:6379,password=…,ssl=true</c>), or a URL (<c>redis://[user:password@]host[:port][/db]</c>,
/// <c>rediss://…</c> for TLS), which is converted to the former.
/// </summary>
public static class RedisSetting
{
    public const string Name = "Events:Redis";

    /// <summary>The setting as StackExchange.Redis options.</summary>
    /// <exception cref="ArgumentException">The value is neither form; the message says what is wrong, naming the setting.</exception>
    public static ConfigurationOptions Parse(string value)
    {
        var text = value.Trim();
        if (text.Contains("://", StringComparison.Ordinal))
            return FromUrl(text);
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(text);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{Name} is not a Redis configuration string ({e.Message.TrimEnd('.')}): use \"redis.internal:6379\" (plus \",password=…\" when needed) or \"redis://:password@redis.internal:6379\".");
        }
        if (options.EndPoints.Count == 0)
            throw new ArgumentException($"{Name} names no server: use \"redis.internal:6379\", or leave it out for one node.");
        return options;
    }

    /// <summary>The servers named, for logs and health (never the password).</summary>
    public static string Describe(ConfigurationOptions options) => string.Join(", ", options.EndPoints.Select(Format));

    private static string Format(System.Net.EndPoint endPoint) => endPoint switch
    {
        System.Net.DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
        _ => endPoint.ToString() ?? "",
    };

    private static ConfigurationOptions FromUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("redis" or "rediss") || string.IsNullOrEmpty(url.Host))
            throw new ArgumentException($"{Name} is a URL LeadActivity cannot read (\"{Redact(text)}\"): use \"redis://[:password@]host[:port][/db]\", \"rediss://…\" for TLS, or \"redis.internal:6379\".");
        var options = new ConfigurationOptions { Ssl = url.Scheme == "rediss" };
        options.EndPoints.Add(url.Host, url.IsDefaultPort || url.Port < 0 ? 6379 : url.Port);
        if (url.UserInfo is { Length: > 0 } userInfo)
        {
            var colon = userInfo.IndexOf(':');
            var user = Uri.UnescapeDataString(colon < 0 ? "" : userInfo[..colon]);
            var password = Uri.UnescapeDataString(colon < 0 ? userInfo : userInfo[(colon + 1)..]);
            if (user.Length > 0)
                options.User = user;
            if (password.Length > 0)
                options.Password = password;
        }
        var path = url.AbsolutePath.Trim('/');
        if (path.Length > 0)
        {
            if (!int.TryParse(path, out var db) || db < 0)
                throw new ArgumentException($"{Name} names database \"{path}\" in its URL: use a number (redis://host:6379/0).");
            options.DefaultDatabase = db;
        }
        return options;
    }

    private static string Redact(string text) => System.Text.RegularExpressions.Regex.Replace(text, "//[^@/]*@", "//…@");
}
