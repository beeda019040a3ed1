namespace LeadActivity.Domain.Demo;

/// <summary>Writes generated demo leads with their history and follow-ups into an organization, as fast as the database allows.</summary>
internal interface IDemoLeadWriter
{
    Task<(int Leads, int Activities, int FollowUps)> WriteAsync(int organizationId, IEnumerable<DemoLead> generated, CancellationToken cancellationToken);
}
