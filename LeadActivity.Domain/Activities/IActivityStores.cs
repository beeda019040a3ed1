namespace LeadActivity.Domain.Activities;

/// <summary>Opens the database's <see cref="IActivityStore"/> for the activity writers.</summary>
internal interface IActivityStores
{
    /// <summary>A store of its own for one recording, on a connection from the pool, closed with it.</summary>
    Task<IActivityStore> OpenAsync(CancellationToken cancellationToken);

    /// <summary>The group commit's writer's own store, kept open across groups.</summary>
    Task<IActivityStore> OpenWriterAsync();
}
