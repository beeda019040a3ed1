namespace LeadActivity.Domain;

/// <summary>
/// This app process among the servers that share one database: background work it owns (a running import) is
/// recorded under its name, so the other servers can tell a live job from one whose server died. Set
/// <c>Node:Name</c> to keep a name across restarts; by default every process gets a name of its own.
/// </summary>
public sealed record AppNode(string Name)
{
    /// <summary>The longest name the database keeps (<c>LeadImports.Node</c>).</summary>
    public const int MaxNameLength = 200;

    /// <summary>
    /// The node named <paramref name="configuredName"/> (<c>Node:Name</c>), or when none is set the machine, the process
    /// and a random suffix: a process id can come back after a restart, and then must not claim its predecessor's work.
    /// </summary>
    /// <exception cref="ArgumentException">The configured name is too long.</exception>
    public static AppNode Create(string? configuredName = null)
    {
        if (string.IsNullOrWhiteSpace(configuredName))
        {
            var machine = Environment.MachineName;
            return new AppNode($"{machine[..Math.Min(machine.Length, 150)]}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        }
        var name = configuredName.Trim();
        return name.Length <= MaxNameLength
            ? new AppNode(name)
            : throw new ArgumentException($"Node:Name is {name.Length} characters long; at most {MaxNameLength} fit.", nameof(configuredName));
    }

    public override string ToString() => Name;
}
