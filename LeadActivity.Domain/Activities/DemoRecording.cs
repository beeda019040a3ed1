using System.Buffers.Binary;

namespace LeadActivity.Domain.Activities;

/// <summary>
/// The simulated agent's call recordings: a short, quiet WAV whose tone changes with each speaker turn, so a player
/// can seek through a call and a listener hears where turns begin. Generated on request, never stored.
/// </summary>
public static class DemoRecording
{
    private const int SampleRate = 8000;
    public const int MaxSeconds = 900;

    /// <summary>The URL the app serves a generated recording of <paramref name="seconds"/> at.</summary>
    public static string Url(int seconds, int variant) => $"/recordings/demo/{seconds}s-{variant}.wav";

    /// <summary>Where <paramref name="turns"/> evenly spread turns of a <paramref name="seconds"/>-long call begin.</summary>
    public static IReadOnlyList<double> EvenTurns(int seconds, int turns) =>
        Enumerable.Range(0, turns).Select(i => Math.Round(0.4 + i * (Math.Max(seconds, 5) - 4.0) / turns, 1)).ToList();

    /// <summary>8 kHz, 8-bit mono PCM: a gentle tone per speaker turn, alternating pitch, with short pauses between.</summary>
    public static byte[] Wav(int seconds, IReadOnlyList<double> turnOffsets)
    {
        seconds = Math.Clamp(seconds, 1, MaxSeconds);
        var samples = seconds * SampleRate;
        var wav = new byte[44 + samples];
        WriteHeader(wav, samples);
        var turn = 0;
        for (var i = 0; i < samples; i++)
        {
            var t = (double)i / SampleRate;
            while (turn + 1 < turnOffsets.Count && t >= turnOffsets[turn + 1])
                turn++;
            var sinceTurn = t - (turnOffsets.Count > 0 ? turnOffsets[turn] : 0);
            var pitch = turn % 2 == 0 ? 330.0 : 440.0;
            var envelope = sinceTurn < 0.25 ? 0 : 0.18 * (0.6 + 0.4 * Math.Sin(2 * Math.PI * 3 * t));
            wav[44 + i] = (byte)(128 + 127 * envelope * Math.Sin(2 * Math.PI * pitch * t));
        }
        return wav;
    }

    private static void WriteHeader(byte[] wav, int samples)
    {
        var span = wav.AsSpan();
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], 36 + samples);
        "WAVEfmt "u8.CopyTo(span[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(span[20..], 1); // PCM
        BinaryPrimitives.WriteInt16LittleEndian(span[22..], 1); // mono
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], SampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..], SampleRate); // bytes per second
        BinaryPrimitives.WriteInt16LittleEndian(span[32..], 1); // block align
        BinaryPrimitives.WriteInt16LittleEndian(span[34..], 8); // bits per sample
        "data"u8.CopyTo(span[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[40..], samples);
    }
}
