using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Ledger.Marten.Chain;

/// <summary>
/// The text PostgreSQL prints for a <c>jsonb</c> value (<c>data::text</c>), computed from the JSON
/// a writer is about to send. <c>mt_events.data</c> is <c>jsonb</c>, which keeps no trace of the
/// text it was given, so an event's hash is taken over this form: the writer computes it here before
/// the insert and <c>verify</c> reads it back from PostgreSQL, and the two agree
/// (<c>JsonbTextTests</c> compares them for every event type and for awkward strings and numbers).
/// jsonb prints
/// <list type="bullet">
/// <item>object keys shorter first, then by their UTF-8 bytes, a repeated key once with its last value,
/// <c>": "</c> after a key and <c>", "</c> between members and elements;</item>
/// <item>strings with only <c>"</c>, <c>\</c> and control characters escaped (<c>\b \f \n \r \t</c>,
/// the rest as <c>\u00xx</c>), everything else as itself;</item>
/// <item>numbers as <c>numeric</c> prints them: no exponent, the scale they were written with.</item>
/// </list>
/// </summary>
public static class JsonbText
{
    public static string Of(ReadOnlySpan<byte> utf8Json)
    {
        using var document = JsonDocument.Parse(utf8Json.ToArray());
        var text = new StringBuilder(utf8Json.Length + utf8Json.Length / 8);
        Write(document.RootElement, text);
        return text.ToString();
    }

    public static string Of(string json) => Of(Encoding.UTF8.GetBytes(json));

    private static void Write(JsonElement element, StringBuilder text)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                // the last of a repeated key wins, as in jsonb
                var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var member in element.EnumerateObject())
                    members[member.Name] = member.Value;
                text.Append('{');
                var first = true;
                foreach (var (name, value) in members.OrderBy(m => m.Key, KeyOrder.Instance))
                {
                    if (!first) text.Append(", ");
                    first = false;
                    WriteString(name, text);
                    text.Append(": ");
                    Write(value, text);
                }
                text.Append('}');
                break;
            case JsonValueKind.Array:
                text.Append('[');
                var firstItem = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!firstItem) text.Append(", ");
                    firstItem = false;
                    Write(item, text);
                }
                text.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(element.GetString()!, text);
                break;
            case JsonValueKind.Number:
                text.Append(Numeric(element.GetRawText()));
                break;
            case JsonValueKind.True:
                text.Append("true");
                break;
            case JsonValueKind.False:
                text.Append("false");
                break;
            default:
                text.Append("null");
                break;
        }
    }

    private static void WriteString(string value, StringBuilder text)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case < ' ': text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: text.Append(c); break;
            }
        }
        text.Append('"');
    }

    /// <summary>
    /// A JSON number as PostgreSQL's <c>numeric</c> prints it: the exponent applied to the digits
    /// (<c>1.5E-3</c> is <c>0.0015</c>, <c>1E+2</c> is <c>100</c>), the scale kept otherwise
    /// (<c>1.50</c> stays), no sign on zero.
    /// </summary>
    internal static string Numeric(string raw)
    {
        var negative = raw.StartsWith('-');
        var body = negative ? raw[1..] : raw;
        var e = body.IndexOfAny(['e', 'E']);
        var exponent = e < 0 ? 0 : int.Parse(body.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = e < 0 ? body : body[..e];
        var point = mantissa.IndexOf('.');
        var whole = point < 0 ? mantissa : mantissa[..point];
        var fraction = point < 0 ? "" : mantissa[(point + 1)..];

        // all the digits, and how many of them stand after the point once the exponent is applied
        var digits = whole + fraction;
        var scale = fraction.Length - exponent;
        if (scale < 0)
        {
            digits += new string('0', -scale);
            scale = 0;
        }
        if (digits.Length <= scale)
            digits = new string('0', scale - digits.Length + 1) + digits;
        var integer = digits[..^scale].TrimStart('0');
        var decimals = digits[^scale..];
        if (scale == 0) (integer, decimals) = (digits.TrimStart('0'), "");
        if (integer.Length == 0) integer = "0";

        var isZero = integer == "0" && decimals.All(d => d == '0');
        var sign = negative && !isZero ? "-" : "";
        return scale == 0 ? sign + integer : sign + integer + "." + decimals;
    }

    /// <summary>jsonb's key order: shorter keys first, then byte by byte in UTF-8.</summary>
    private sealed class KeyOrder : IComparer<string>
    {
        public static readonly KeyOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            var (a, b) = (Encoding.UTF8.GetBytes(x!), Encoding.UTF8.GetBytes(y!));
            return a.Length != b.Length ? a.Length.CompareTo(b.Length) : a.AsSpan().SequenceCompareTo(b);
        }
    }
}
