using System.Text.RegularExpressions;

namespace Ledger.EventStore;

/// <summary>
/// The store's own schema steps, from the embedded Schema/NNN_name.sql files. The store owns
/// versions 1..99; projections number theirs from 100.
/// </summary>
public static partial class EventStoreSchema
{
    public static IReadOnlyList<Migration> Migrations { get; } = Load();

    private static Migration[] Load()
    {
        var assembly = typeof(EventStoreSchema).Assembly;
        return assembly.GetManifestResourceNames()
            .Select(resource => (resource, match: FileName().Match(resource)))
            .Where(x => x.match.Success)
            .Select(x =>
            {
                using var stream = assembly.GetManifestResourceStream(x.resource)!;
                using var reader = new StreamReader(stream);
                return new Migration(int.Parse(x.match.Groups[1].Value), x.match.Groups[2].Value, reader.ReadToEnd());
            })
            .OrderBy(m => m.Version)
            .ToArray();
    }

    [GeneratedRegex(@"Schema\.(\d{3})_(\w+)\.sql$")]
    private static partial Regex FileName();
}
