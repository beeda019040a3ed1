namespace LeadActivity.Domain.Persistence;

/// <summary>What kind of database failure an exception is, whichever database raised it.</summary>
public enum DatabaseFailure
{
    /// <summary>Not a database failure this app tells apart (a bug, or something else).</summary>
    None,

    /// <summary>The database is busy (another writer holds the lock, or it timed out waiting): trying again later can work.</summary>
    Busy,

    /// <summary>The database cannot be reached or opened.</summary>
    Unavailable,

    /// <summary>A constraint refused the write (a unique index, a foreign key, a not-null column).</summary>
    Constraint,
}
