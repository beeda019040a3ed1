using LeadActivity.Domain.Activities;

namespace LeadActivity.App.Api;

internal static class RecordingEndpoints
{
    /// <summary><c>GET /recordings/demo/{seconds}s-{variant}.wav</c>: the simulated agent's generated call recordings.</summary>
    public static IEndpointRouteBuilder MapDemoRecordings(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/recordings/demo/{seconds:int:range(1,900)}s-{variant:int}.wav", (int seconds, int variant) =>
            Results.File(DemoRecording.Wav(seconds, DemoRecording.EvenTurns(seconds, 7)), "audio/wav", enableRangeProcessing: true));
        return routes;
    }
}
