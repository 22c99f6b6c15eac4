using Ledger.EventStore;

namespace Ledger.Projections.Admission;

/// <summary>
/// Reservations still waiting for their completion: admitted minus settled. The sweeper reads the
/// oldest; /metrics counts them.
/// </summary>
public static class ReservationSchema
{
    public static readonly Migration Tables = new(101, "open_reservations", """
        create table open_reservations (
            request_id uuid primary key,
            key_id uuid not null,
            org_id uuid not null,
            model text not null,
            admitted_at timestamptz not null,
            reserved numeric not null,
            currency text not null
        );
        create index open_reservations_admitted on open_reservations (admitted_at);
        """);

    /// <summary>
    /// The table becomes an async read model (ReservationProjection) instead of rows the request path
    /// inserted and deleted for every request; emptied here so the daemon replays it from the start.
    /// </summary>
    public static readonly Migration Projected = new(103, "open_reservations_projected", """
        truncate open_reservations;
        do $$ begin
            if to_regclass('projection_checkpoints') is not null then
                delete from projection_checkpoints where name = 'reservations';
            end if;
        end $$;
        """);
}
