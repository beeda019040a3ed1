using LeadActivity.Domain.Activities;
using Microsoft.Extensions.Options;

namespace LeadActivity.App.Hosting.Settings;

/// <summary>The <c>Events</c> section.</summary>
internal sealed class EventSettings
{
    public const string Section = "Events";

    /// <summary>
    /// Where live events go to every node: a StackExchange.Redis configuration string (<c>redis.internal:6379</c>,
    /// <c>redis.internal:6379,password=…</c>) or a <c>redis://</c> / <c>rediss://</c> URL (<see cref="RedisSetting"/>).
    /// None: in-process, for one node.
    /// </summary>
    public string? Redis { get; set; }
}

/// <summary>Refuses an <c>Events:Redis</c> that is neither form, with the one line that says what to write instead.</summary>
internal sealed class EventSettingsValidation : IValidateOptions<EventSettings>
{
    public ValidateOptionsResult Validate(string? name, EventSettings options)
    {
        if (string.IsNullOrWhiteSpace(options.Redis))
            return ValidateOptionsResult.Success;
        try
        {
            RedisSetting.Parse(options.Redis);
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}
