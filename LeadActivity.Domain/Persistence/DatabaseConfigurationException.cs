namespace LeadActivity.Domain.Persistence;

/// <summary>A database setting that cannot work, or a database this build cannot use, with a message that says what to fix.</summary>
public sealed class DatabaseConfigurationException(string message) : Exception(message);
