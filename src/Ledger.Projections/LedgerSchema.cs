using Ledger.EventStore;
using Ledger.Projections.Admission;

namespace Ledger.Projections;

/// <summary>Every migration the ledger needs, the event store's first.</summary>
public static class LedgerSchema
{
    public static IReadOnlyList<Migration> All =>
        [.. EventStoreSchema.Migrations, AdmissionSchema.Tables, ReservationSchema.Tables];
}
