using System.Collections;
using System.Reflection;
using Ledger.Domain;
using Ledger.Marten.Chain;
using Ledger.Testing;
using Marten;

namespace Ledger.Marten.Tests;

/// <summary>
/// <see cref="JsonbText"/> against PostgreSQL itself: the text jsonb prints is what verify hashes, so
/// one character of difference would report an untouched event as altered.
/// </summary>
public sealed class JsonbTextTests : IAsyncLifetime
{
    private readonly TestDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();
    public Task DisposeAsync() => _db.DisposeAsync();

    public static TheoryData<string> Awkward => new()
    {
        """{"b": 1, "a": 2, "aa": 3, "é": 4, "z": 5, "ab": 6}""",
        """{"a": 1, "a": 2}""",
        """{ "x" : [ 1 , 2 , { } , [ ] , null , true , false ] }""",
        """[1E-05, 1.50, -0, -0.0, 0.000, 12345678901234567890.123, 1.5E+3, 2e2, 1.5e-3, -7.25E1, 100, 0.1]""",
        """["quote \" backslash \\ slash \/ tab \t nl \n cr \r bs \b ff \f", "\u0001\u001f\u007f", "é ü 日本 🎉", "\u00e9\ud83c\udf89"]""",
        """{"nested": {"b": {"d": 1, "c": [{"y": 2, "x": 1}]}, "a": "text"}}""",
        "\"plain\"",
        "42",
    };

    [Theory]
    [MemberData(nameof(Awkward))]
    public async Task Awkward_json_prints_as_jsonb_prints_it(string json) =>
        JsonbText.Of(json).ShouldBe(await PostgresAsync(json));

    [Fact]
    public async Task Every_event_type_as_the_store_serialises_it_prints_as_jsonb_prints_it()
    {
        using var store = DocumentStore.For(o =>
        {
            o.Connection(_db.ConnectionString);
            LedgerMarten.Configure(o);
        });
        var serializer = store.Options.Serializer();
        var types = LedgerMarten.EventTypes(typeof(EventTypeAttribute).Assembly).ToList();
        types.Count.ShouldBeGreaterThan(15);
        var random = new Random(20261202);
        foreach (var (type, name) in types)
            for (var sample = 0; sample < 5; sample++)
            {
                var json = serializer.ToJson(Samples.Of(type, random, depth: 0)!);
                JsonbText.Of(json).ShouldBe(await PostgresAsync(json), $"{name}: {json}");
            }
    }

    private async Task<string> PostgresAsync(string json)
    {
        await using var command = _db.DataSource.CreateCommand("select $1::jsonb::text");
        command.Parameters.Add(new() { Value = json });
        return (string)(await command.ExecuteScalarAsync())!;
    }
}

/// <summary>Values for any event type's constructor, awkward on purpose: escapes, non-ASCII, scales, exponents, nulls.</summary>
internal static class Samples
{
    private static readonly string[] Strings =
        ["", "plain", "quote \" and \\ backslash", "tab\tnew\nline\r", "ctrl \u0001 \u001f", "é 日本 🎉", "</script>", "a/b"];

    public static object? Of(Type type, Random random, int depth)
    {
        if (Nullable.GetUnderlyingType(type) is { } inner)
            return random.Next(3) == 0 ? null : Of(inner, random, depth);
        if (type == typeof(string)) return Strings[random.Next(Strings.Length)];
        if (type == typeof(Guid)) return Guid.NewGuid();
        if (type == typeof(int)) return random.Next(-5, 100_000);
        if (type == typeof(long)) return random.NextInt64(-5, long.MaxValue);
        if (type == typeof(bool)) return random.Next(2) == 0;
        if (type == typeof(decimal)) return new[] { 0m, 1.50m, 0.000_123m, -7.25m, 79_228_162_514_264_337_593_543.950_335m, 0.0m, 20m }[random.Next(7)];
        if (type == typeof(double)) return new[] { 0.00001, 123.25, 1e21, 1.5e-7, 0.1 + 0.2, -0.0, 42 }[random.Next(7)];
        if (type == typeof(DateTimeOffset)) return DateTimeOffset.UnixEpoch.AddTicks(random.NextInt64(0, 630_000_000_000_000_000L / 100));
        if (type == typeof(DateOnly)) return DateOnly.FromDayNumber(random.Next(700_000, 800_000));
        if (type == typeof(TimeSpan)) return TimeSpan.FromSeconds(random.Next(0, 100_000));
        if (type.IsEnum)
        {
            var values = Enum.GetValues(type);
            return values.GetValue(random.Next(values.Length));
        }
        if (type.IsArray)
            return List(type.GetElementType()!, random, depth, array: true);
        if (type.IsGenericType && type.GetGenericArguments().Length == 1 && typeof(IEnumerable).IsAssignableFrom(type))
            return List(type.GetGenericArguments()[0], random, depth, array: false);
        if (type.IsGenericType && type.GetGenericArguments().Length == 2 && typeof(IDictionary).IsAssignableFrom(type) || type.Name.StartsWith("IReadOnlyDictionary"))
        {
            var (k, v) = (type.GetGenericArguments()[0], type.GetGenericArguments()[1]);
            var dictionary = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(k, v))!;
            for (var i = 0; i < random.Next(3); i++) dictionary[Of(k, random, depth + 1)!] = Of(v, random, depth + 1);
            return dictionary;
        }
        var constructor = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance).OrderByDescending(c => c.GetParameters().Length).First();
        return constructor.Invoke(constructor.GetParameters().Select(p => Of(p.ParameterType, random, depth + 1)).ToArray());
    }

    private static object List(Type element, Random random, int depth, bool array)
    {
        var count = depth > 3 ? 0 : random.Next(3);
        var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
        for (var i = 0; i < count; i++) list.Add(Of(element, random, depth + 1));
        if (!array) return list;
        var result = Array.CreateInstance(element, count);
        list.CopyTo(result, 0);
        return result;
    }
}
