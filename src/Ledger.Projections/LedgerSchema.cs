using Ledger.EventStore;
using Ledger.Projections.Activity;
using Ledger.Projections.Admission;
using Ledger.Projections.Invoices;
using Ledger.Projections.Orgs;
using Ledger.Projections.Usage;

namespace Ledger.Projections;

/// <summary>Every migration the ledger needs, the event store's first.</summary>
public static class LedgerSchema
{
    public static IReadOnlyList<Migration> All =>
        [.. EventStoreSchema.Migrations, AdmissionSchema.Tables, ReservationSchema.Tables,
         ActivitySchema.Tables, UsageSchema.Tables, InvoiceSchema.Tables, AdmissionSchema.Versions, ReservationSchema.Projected, AdmissionSchema.FillFactor,
         OrgTables.PersonalData, OrgTables.ClientAddressCounts];
}
