namespace LeadActivity.Domain.Persistence;

/// <summary>What the app servers sharing one database take turns at; each lock is per <see cref="ClusterLock"/> and id.</summary>
public enum ClusterLock
{
    /// <summary>Per organization: its activity writes, from an activity's id to its publish.</summary>
    ActivityOrder,

    /// <summary>Per campaign: the node whose simulated agent is contacting the campaign's new leads.</summary>
    CampaignWork,

    /// <summary>Per campaign: the import adding leads to it (its scan of existing numbers stays true until it commits).</summary>
    CampaignLeads,

    /// <summary>Per organization: a change to its members (an organization always keeps an admin).</summary>
    Members,

    /// <summary>With id 0: start-up work nodes starting together must take turns at (migrating, the demo seed).</summary>
    Startup,
}
