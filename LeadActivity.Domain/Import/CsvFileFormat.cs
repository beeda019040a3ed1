using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace LeadActivity.Domain.Import;

/// <summary>A problem with the file as a whole: the import cannot proceed, and the message says what to do.</summary>
public sealed class ImportFileException(string message) : Exception(message);

/// <summary>
/// How a CSV file is written: its encoding, delimiter and line endings, detected over the whole file before any row
/// is read. Anything that is not text (a workbook, an image) is refused here with a message naming what it is.
/// </summary>
public sealed record CsvFileFormat(Encoding Encoding, string EncodingName, char Delimiter, string LineEndings, IReadOnlyList<string> Warnings)
{
    /// <summary>Line breaks in the file: an upper bound of its rows, to size the import's tables once.</summary>
    public long LineBreaks { get; init; }

    /// <summary>
    /// Bytes of the byte-order mark the file starts with (UTF-8 3, UTF-16 2, none 0): the text starts after it, or the
    /// mark would stick to the first header and “phone” would not be matched.
    /// </summary>
    public int BomLength { get; init; }

    private const int SampleBytes = 64 * 1024;

    static CsvFileFormat() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public string DelimiterName => Delimiter switch { ',' => "comma", ';' => "semicolon", '\t' => "tab", _ => $"“{Delimiter}”" };

    /// <summary>Reads the file once to detect its format.</summary>
    /// <exception cref="ImportFileException">The file is empty, not text, or not a CSV this app can read.</exception>
    public static async Task<CsvFileFormat> DetectAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        if (file.Length == 0)
            throw new ImportFileException("The file is empty: it needs a header row and at least one lead.");

        var sample = new byte[(int)Math.Min(SampleBytes, file.Length)];
        await file.ReadExactlyAsync(sample, cancellationToken);
        var warnings = new List<string>();
        var (encoding, name, bomLength) = DetectEncoding(sample, warnings);

        file.Position = bomLength;
        var (lineEndings, lineBreaks, strictlyDecoded) = await ScanTextAsync(file, encoding, cancellationToken);
        if (!strictlyDecoded)
        {
            encoding = Encoding.GetEncoding(1252);
            file.Position = bomLength;
            (lineEndings, lineBreaks, _) = await ScanTextAsync(file, encoding, cancellationToken);
            name = "Windows-1252";
            warnings.Add("The file is not valid UTF-8, so it was read as Windows-1252 (Western European). If accents look wrong " +
                         "below, save the file as “CSV UTF-8” and upload it again.");
        }

        file.Position = bomLength;
        var delimiter = DetectDelimiter(file, encoding);
        if (delimiter is null)
            throw new ImportFileException("The file has no header row: the first line is empty.");
        return new CsvFileFormat(encoding, name, delimiter.Value, lineEndings, warnings) { LineBreaks = lineBreaks, BomLength = bomLength };
    }

    /// <summary>Opens the file's text in its encoding, past its byte-order mark, for CsvHelper to parse.</summary>
    public StreamReader OpenText(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        try
        {
            file.Position = Math.Min(BomLength, file.Length);
            return new StreamReader(file, Encoding, detectEncodingFromByteOrderMarks: false, 1 << 16);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static (Encoding Encoding, string Name, int BomLength) DetectEncoding(byte[] sample, List<string> warnings)
    {
        ReadOnlySpan<byte> bytes = sample;
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            return (new UTF8Encoding(false, true), "UTF-8 (with BOM)", 3);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]) || bytes.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
            throw new ImportFileException("The file is UTF-32 encoded: save it as “CSV UTF-8” and upload it again.");
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
            return (new UnicodeEncoding(false, false, true), "UTF-16 LE (with BOM)", 2);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            return (new UnicodeEncoding(true, false, true), "UTF-16 BE (with BOM)", 2);
        if (bytes.StartsWith("PK\u0003\u0004"u8))
            throw new ImportFileException("This is an Excel workbook or another zip file, not CSV: in Excel use File › Save As › “CSV UTF-8”, then upload that file.");
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0]))
            throw new ImportFileException("This is an old Excel (.xls) workbook, not CSV: in Excel use File › Save As › “CSV UTF-8”, then upload that file.");

        // UTF-16 without a byte-order mark: text in Latin script puts a zero byte beside nearly every character.
        int evenZeros = 0, oddZeros = 0, controls = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            if (b == 0)
            {
                if (i % 2 == 0) evenZeros++;
                else oddZeros++;
            }
            else if (b < 0x09 || b is > 0x0D and < 0x20 and not 0x1B)
                controls++;
        }
        var pairs = Math.Max(1, bytes.Length / 2);
        if (oddZeros > pairs * 0.3 && evenZeros < pairs * 0.05)
        {
            warnings.Add("The file is UTF-16 without a byte-order mark; it was read as UTF-16 LE.");
            return (new UnicodeEncoding(false, false, true), "UTF-16 LE (no BOM)", 0);
        }
        if (evenZeros > pairs * 0.3 && oddZeros < pairs * 0.05)
        {
            warnings.Add("The file is UTF-16 without a byte-order mark; it was read as UTF-16 BE.");
            return (new UnicodeEncoding(true, false, true), "UTF-16 BE (no BOM)", 0);
        }
        if (evenZeros + oddZeros > 0 || controls > bytes.Length / 100)
            throw new ImportFileException("This file is not text (it holds binary data), so it is not a CSV file. Export the leads as “CSV UTF-8” and upload that.");
        return (new UTF8Encoding(false, true), "UTF-8", 0);
    }

    /// <summary>Decodes the whole file strictly (false when it is not valid in the encoding) and names its line endings.</summary>
    private static async Task<(string LineEndings, long LineBreaks, bool Valid)> ScanTextAsync(Stream file, Encoding encoding, CancellationToken cancellationToken)
    {
        var decoder = encoding.GetDecoder();
        var bytes = new byte[1 << 16];
        var chars = new char[encoding.GetMaxCharCount(bytes.Length)];
        long crlf = 0, lf = 0, cr = 0, nulls = 0;
        var previousCr = false;
        int read;
        try
        {
            while ((read = await file.ReadAsync(bytes, cancellationToken)) > 0)
            {
                var count = decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
                for (var i = 0; i < count; i++)
                {
                    var c = chars[i];
                    if (c == '\n')
                    {
                        if (previousCr) { crlf++; cr--; }
                        else lf++;
                    }
                    else if (c == '\r')
                        cr++;
                    else if (c == '\0')
                        nulls++;
                    previousCr = c == '\r';
                }
            }
            decoder.GetChars(bytes, 0, 0, chars, 0, flush: true);
        }
        catch (DecoderFallbackException)
        {
            if (encoding is UnicodeEncoding)
                throw new ImportFileException("The file says it is UTF-16 but holds bytes that are not: save it as “CSV UTF-8” and upload it again.");
            return ("", 0, false);
        }
        if (nulls > 0)
            throw new ImportFileException("This file is not text (it holds binary data), so it is not a CSV file. Export the leads as “CSV UTF-8” and upload that.");

        var kinds = new List<string>();
        if (crlf > 0) kinds.Add("CRLF (Windows)");
        if (lf > 0) kinds.Add("LF (Unix)");
        if (cr > 0) kinds.Add("CR (old Mac)");
        return (kinds.Count switch { 0 => "none (one line)", 1 => kinds[0], _ => "mixed: " + string.Join(", ", kinds) }, crlf + lf + cr, true);
    }

    /// <summary>CsvHelper's delimiter detection over the first lines; null when the header line is empty.</summary>
    private static char? DetectDelimiter(Stream file, Encoding encoding)
    {
        using var reader = new StreamReader(file, encoding, detectEncodingFromByteOrderMarks: false, 1 << 16, leaveOpen: true);
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectDelimiter = true,
            DetectDelimiterValues = [",", ";", "\t"],
            HasHeaderRecord = false,
            IgnoreBlankLines = false,
            BadDataFound = null,
        };
        using var parser = new CsvParser(reader, configuration);
        if (!parser.Read() || parser.Record is not { } header || header.All(string.IsNullOrWhiteSpace) && header.Length <= 1)
            return null;
        return parser.Delimiter[0];
    }
}
