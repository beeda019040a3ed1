namespace LeadActivity.Domain;

/// <summary>Why a change was refused, for callers that answer differently (an API's status code, a test).</summary>
public enum RefusalKind { Invalid, NotFound, Forbidden, Conflict }

/// <summary>
/// The result of a change a person asked for: done, or refused with a message they can act on. <see cref="Error"/>
/// is the message to show (null when done); <see cref="Errors"/> holds the same refusals by the input they are about
/// (a property name such as <c>Name</c>), so a form can show each one beside its input.
/// </summary>
public record ChangeResult
{
    private static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();

    protected ChangeResult(RefusalKind? refused, string? error, IReadOnlyDictionary<string, string>? errors)
    {
        Refused = refused;
        Error = error;
        Errors = errors ?? None;
    }

    /// <summary>Why it was refused; null when it was done.</summary>
    public RefusalKind? Refused { get; }

    public bool Succeeded => Refused is null;

    public string? Error { get; }

    public IReadOnlyDictionary<string, string> Errors { get; }

    /// <summary>Every message of a refusal, for a list: each input's, or the one <see cref="Error"/>.</summary>
    public IEnumerable<string> Reasons => Errors.Count > 0 ? Errors.Values : Error is null ? [] : [Error];

    public static ChangeResult Done { get; } = new(null, null, null);

    /// <summary>Done, with what the change produced (the id of what it created, a one-time password…).</summary>
    public static ChangeResult<T> DoneWith<T>(T value) => new(value);

    public static ChangeResult Invalid(string error) => new(RefusalKind.Invalid, error, null);

    public static ChangeResult Invalid(string input, string error) => new(RefusalKind.Invalid, error, new Dictionary<string, string> { [input] = error });

    /// <summary>Refused for each of <paramref name="errors"/>; <see cref="Error"/> joins them.</summary>
    public static ChangeResult Invalid(IReadOnlyDictionary<string, string> errors) => new(RefusalKind.Invalid, string.Join("; ", errors.Values), errors);

    public static ChangeResult NotFound(string error) => new(RefusalKind.NotFound, error, null);

    public static ChangeResult Forbidden(string error) => new(RefusalKind.Forbidden, error, null);

    public static ChangeResult Conflict(string error) => new(RefusalKind.Conflict, error, null);
}

/// <summary>A <see cref="ChangeResult"/> that, when done, carries what the change produced.</summary>
public sealed record ChangeResult<T> : ChangeResult
{
    internal ChangeResult(T value) : base(null, null, null) => Value = value;

    private ChangeResult(ChangeResult refusal) : base(refusal.Refused, refusal.Error, refusal.Errors)
    {
    }

    /// <summary>What the change produced; the type's default when it was refused.</summary>
    public T? Value { get; }

    /// <summary>The same refusal, for an operation that produces a value when done.</summary>
    public static ChangeResult<T> Refusal(ChangeResult refusal) =>
        refusal.Succeeded ? throw new ArgumentException("Only a refusal converts without a value.", nameof(refusal)) : new(refusal);
}
