using Ledger.EventStore;
using Ledger.Projections.Activity;
using Ledger.Projections.Admission;
using Ledger.Projections.Invoices;
using Ledger.Projections.Orgs;
using Ledger.Projections.Usage;

namespace Ledger.Projections;

/// <summary>Every migration the read models need (the events' tables are Marten's, made by Marten).</summary>
public static class LedgerSchema
{
    public static IReadOnlyList<Migration> All =>
        [AdmissionSchema.Tables, ReservationSchema.Tables,
         ActivitySchema.Tables, UsageSchema.Tables, InvoiceSchema.Tables, AdmissionSchema.Versions, ReservationSchema.Projected, AdmissionSchema.FillFactor,
         OrgTables.PersonalData, OrgTables.ClientAddressCounts, ProjectionRequests, EventsView];

    /// <summary>
    /// The events as people query them: <c>mt_events</c> with the actor and org out of the headers and
    /// the names the ledger's own queries use. Read-only, for operators, reports and tests.
    /// </summary>
    public static readonly Migration EventsView = new(123, "ledger_events_view", """
        create view ledger_events as
        select seq_id as seq, id, stream_id, version::int as version, type, data, timestamp as occurred_at,
               (headers->>'org')::uuid as org_id, headers->>'actor' as actor, correlation_id, causation_id,
               jsonb_build_object('correlation_id', correlation_id, 'causation_id', causation_id, 'actor', headers->>'actor') as metadata
          from mt_events;
        """);

    /// <summary>An operator's request to resume or rebuild a read model, for whichever node runs it.</summary>
    public static readonly Migration ProjectionRequests = new(122, "projection_requests", """
        create table projection_requests (
            name         text        not null,
            action       text        not null check (action in ('resume', 'rebuild')),
            requested_at timestamptz not null default now(),
            primary key (name, action)
        );
        """);
}
