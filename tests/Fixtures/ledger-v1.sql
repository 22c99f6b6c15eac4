--
-- PostgreSQL database dump
--

\restrict 3wl3Gr7Hh8Ifjt8qCTAqdT3R6A5UuQOS6Uk03lSxS9V4MTyHA7FeqIbFPwpsyZS

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: ledger_append(text, text, uuid, integer, uuid[], text[], json[], json[], timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.ledger_append(p_stream_id text, p_stream_type text, p_org_id uuid, p_expected integer, p_ids uuid[], p_types text[], p_data json[], p_metadata json[], p_occurred_at timestamp with time zone) RETURNS TABLE(seq bigint, id uuid, version integer, tx_id xid8, retry boolean, type text, data text, metadata text, occurred_at timestamp with time zone)
    LANGUAGE plpgsql
    AS $$
#variable_conflict use_column
declare
    v_count    int := cardinality(p_ids);
    v_version  int;
    v_hash     bytea;
    v_hashes   bytea[] := array[]::bytea[];
    v_prevs    bytea[] := array[]::bytea[];
    v_stored   int;
    v_in_stream int;
begin
    select s.version, s.last_hash into v_version, v_hash from streams s where s.id = p_stream_id for update;
    if not found then
        if p_expected > 0 then
            raise exception using errcode = 'LD409',
                message = format('stream %s expected at version %s but is at 0', p_stream_id, p_expected);
        end if;
        -- a concurrent creator makes this wait, then do nothing; the re-select then locks its row
        insert into streams (id, type, version, org_id) values (p_stream_id, p_stream_type, 0, p_org_id)
        on conflict do nothing;
        select s.version, s.last_hash into v_version, v_hash from streams s where s.id = p_stream_id for update;
    end if;

    -- checked under the stream lock, so two racing retries of one append cannot both insert
    select count(*), count(*) filter (where e.stream_id = p_stream_id)
      into v_stored, v_in_stream
      from events e where e.id = any(p_ids);
    if v_stored > 0 then
        if v_in_stream = v_count then
            return query
                select e.seq, e.id, e.version, e.tx_id, true, e.type, e.data::text, e.metadata::text, e.occurred_at
                  from events e where e.id = any(p_ids) order by e.version;
            return;
        end if;
        raise exception using errcode = 'LD422',
            message = format('append to %s repeats %s of its %s event ids; a retry must repeat all of them', p_stream_id, v_stored, v_count);
    end if;

    if (p_expected = 0 and v_version <> 0) or (p_expected > 0 and v_version <> p_expected) then
        raise exception using errcode = 'LD409',
            message = format('stream %s expected at version %s but is at %s', p_stream_id, p_expected, v_version);
    end if;

    for i in 1 .. v_count loop
        v_prevs[i] := v_hash;
        v_hash := ledger_event_hash(v_hash, p_stream_id, v_version + i, p_types[i], p_data[i], p_metadata[i], p_occurred_at);
        v_hashes[i] := v_hash;
    end loop;

    -- no NOTIFY here: a notifying commit holds a cluster-wide lock through its WAL flush, which
    -- serialises commits; see AppendNotifier
    update streams set version = v_version + v_count, last_hash = v_hash where id = p_stream_id;

    return query
        insert into events as e (id, stream_id, version, type, data, metadata, org_id, occurred_at, hash, prev_hash)
        select u.id, p_stream_id, v_version + u.ord::int, u.type, u.data, u.metadata, p_org_id, p_occurred_at, u.hash, u.prev
          from unnest(p_ids, p_types, p_data, p_metadata, v_hashes, v_prevs)
               with ordinality as u(id, type, data, metadata, hash, prev, ord)
        returning e.seq, e.id, e.version, e.tx_id, false, null::text, null::text, null::text, null::timestamptz;
end
$$;


--
-- Name: ledger_event_hash(bytea, text, integer, text, json, json, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.ledger_event_hash(prev_hash bytea, stream_id text, version integer, type text, data json, metadata json, occurred_at timestamp with time zone) RETURNS bytea
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN sha256((COALESCE(prev_hash, '\x'::bytea) || convert_to(((((((((((stream_id || '
'::text) || version) || '
'::text) || type) || '
'::text) || (data)::text) || '
'::text) || (metadata)::text) || '
'::text) || to_char((occurred_at AT TIME ZONE 'UTC'::text), 'YYYY-MM-DD"T"HH24:MI:SS.US'::text)), 'UTF8'::name)));


--
-- Name: ledger_expect(boolean, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.ledger_expect(ok boolean, what text) RETURNS void
    LANGUAGE plpgsql
    AS $$
begin
    if not ok then
        raise exception using errcode = 'LD409', message = what;
    end if;
end
$$;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: activity; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.activity (
    request_id uuid NOT NULL,
    seq bigint NOT NULL,
    org_id uuid NOT NULL,
    key_id uuid,
    at timestamp with time zone NOT NULL,
    model text,
    provider text,
    status integer,
    code text,
    tokens_in integer,
    tokens_out integer,
    cost numeric,
    currency text,
    latency_ms double precision
);


--
-- Name: activity_keys; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.activity_keys (
    key_id uuid NOT NULL,
    org_id uuid NOT NULL,
    name text NOT NULL,
    prefix text
);


--
-- Name: admission_keys; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.admission_keys (
    key_id uuid NOT NULL,
    key_hash text NOT NULL,
    org_id uuid NOT NULL,
    state json NOT NULL,
    version bigint DEFAULT 0 NOT NULL
)
WITH (fillfactor='50');


--
-- Name: admission_orgs; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.admission_orgs (
    org_id uuid NOT NULL,
    state json NOT NULL,
    version bigint DEFAULT 0 NOT NULL
)
WITH (fillfactor='50');


--
-- Name: client_address_counts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.client_address_counts (
    action text NOT NULL,
    address text NOT NULL,
    hour timestamp with time zone NOT NULL,
    count integer NOT NULL
);


--
-- Name: events; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.events (
    seq bigint NOT NULL,
    id uuid NOT NULL,
    stream_id text NOT NULL,
    version integer NOT NULL,
    type text NOT NULL,
    data json NOT NULL,
    metadata json NOT NULL,
    org_id uuid,
    occurred_at timestamp with time zone NOT NULL,
    tx_id xid8 DEFAULT pg_current_xact_id() NOT NULL,
    hash bytea NOT NULL,
    prev_hash bytea
);


--
-- Name: events_seq_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.events ALTER COLUMN seq ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.events_seq_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: invoice_credits; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.invoice_credits (
    org_id uuid NOT NULL,
    month date NOT NULL,
    credits numeric NOT NULL,
    payments numeric NOT NULL
);


--
-- Name: invoice_lines; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.invoice_lines (
    org_id uuid NOT NULL,
    month date NOT NULL,
    model text NOT NULL,
    requests bigint NOT NULL,
    tokens_in bigint NOT NULL,
    tokens_out bigint NOT NULL,
    provider_cost numeric NOT NULL,
    markup numeric NOT NULL,
    unsettled numeric NOT NULL,
    charged numeric NOT NULL
);


--
-- Name: invoice_orgs; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.invoice_orgs (
    org_id uuid NOT NULL,
    currency text NOT NULL,
    time_zone text NOT NULL
);


--
-- Name: open_reservations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.open_reservations (
    request_id uuid NOT NULL,
    key_id uuid NOT NULL,
    org_id uuid NOT NULL,
    model text NOT NULL,
    admitted_at timestamp with time zone NOT NULL,
    reserved numeric NOT NULL,
    currency text NOT NULL
);


--
-- Name: org_personal_data; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.org_personal_data (
    org_id uuid NOT NULL,
    email text,
    created_at timestamp with time zone NOT NULL,
    erased_at timestamp with time zone
);


--
-- Name: projection_checkpoints; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.projection_checkpoints (
    name text NOT NULL,
    tx_id xid8 DEFAULT '0'::xid8 NOT NULL,
    seq bigint DEFAULT 0 NOT NULL,
    state text DEFAULT 'running'::text NOT NULL,
    error text,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT projection_checkpoints_state_check CHECK ((state = ANY (ARRAY['running'::text, 'paused'::text])))
);


--
-- Name: schema_migrations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.schema_migrations (
    version integer NOT NULL,
    name text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: streams; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.streams (
    id text NOT NULL,
    type text NOT NULL,
    version integer NOT NULL,
    org_id uuid,
    last_hash bytea,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: usage_hourly; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.usage_hourly (
    org_id uuid NOT NULL,
    hour timestamp with time zone NOT NULL,
    local_date date NOT NULL,
    key_id uuid NOT NULL,
    model text NOT NULL,
    provider text NOT NULL,
    requests bigint NOT NULL,
    tokens_in bigint NOT NULL,
    tokens_out bigint NOT NULL,
    provider_cost numeric NOT NULL,
    charged numeric NOT NULL
);


--
-- Name: usage_orgs; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.usage_orgs (
    org_id uuid NOT NULL,
    currency text NOT NULL,
    time_zone text NOT NULL
);


--
-- Data for Name: activity; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.activity VALUES ('01a23867-4e72-7cd5-8fd8-5ab97d668136', 17, 'f3796998-0e67-4689-b973-64fde4e43260', '0283d676-e3d2-4623-a60d-f14aae9fc1e5', '2026-12-02 20:17:04.887876+00', 'gpt-5.1', NULL, 403, 'key_disabled', NULL, NULL, NULL, NULL, NULL);
INSERT INTO public.activity VALUES ('01a23867-5378-7d1b-88e8-31c63ba9bc32', 20, 'f3796998-0e67-4689-b973-64fde4e43260', '0283d676-e3d2-4623-a60d-f14aae9fc1e5', '2026-12-02 20:17:05.438148+00', 'gpt-5.1', 'sim-scaleway', 200, NULL, 12, 19, 0.000201, 'EUR', 170.261);
INSERT INTO public.activity VALUES ('01a23867-54c8-7b3b-8e45-889db99cdd7a', 22, 'f3796998-0e67-4689-b973-64fde4e43260', '0283d676-e3d2-4623-a60d-f14aae9fc1e5', '2026-12-02 20:17:05.737153+00', 'mistral-lg', 'sim-scaleway', 200, NULL, 12, 19, 0.000143, 'EUR', 21.63);
INSERT INTO public.activity VALUES ('01a23867-54fc-792e-9fdc-71e293d8158a', 24, 'f3796998-0e67-4689-b973-64fde4e43260', '0283d676-e3d2-4623-a60d-f14aae9fc1e5', '2026-12-02 20:17:05.78881+00', 'claude-4', 'sim-azure-eu', 200, NULL, 12, 19, 0.000340, 'EUR', 30.701);
INSERT INTO public.activity VALUES ('01a23867-5538-7efc-af3c-1e6e4a0ec3ce', 26, 'f3796998-0e67-4689-b973-64fde4e43260', '0283d676-e3d2-4623-a60d-f14aae9fc1e5', '2026-12-02 20:17:05.849108+00', 'gpt-5.1', 'sim-scaleway', 200, NULL, 12, 19, 0.000201, 'EUR', 20.914);
INSERT INTO public.activity VALUES ('01a23867-5572-7eee-9b2a-309196553b2d', 28, '9ebffd7e-830d-4dbd-8ce0-5612dd516c05', '5fb5de99-35dd-4207-a8bf-df4bb4fbe892', '2026-12-02 20:17:05.911718+00', 'gpt-5.1', 'sim-mumbai', 200, NULL, 9, 17, 0.01544, 'INR', 27.319);
INSERT INTO public.activity VALUES ('01a23867-55f4-7629-8012-7858902cfcaa', 32, 'f3796998-0e67-4689-b973-64fde4e43260', '5fd08d8a-ab02-458a-bee2-a5f647a56b31', '2026-12-02 20:17:06.045651+00', 'no-such-model', NULL, 404, 'model_not_found', NULL, NULL, NULL, NULL, NULL);
INSERT INTO public.activity VALUES ('01a23867-55bd-7722-8b50-3abeb749226c', 30, '9ebffd7e-830d-4dbd-8ce0-5612dd516c05', '5fb5de99-35dd-4207-a8bf-df4bb4fbe892', '2026-12-02 20:17:05.982242+00', 'gpt-5.1', 'sim-mumbai', 200, NULL, 8, 5, 0.00513, 'INR', 28.908);
INSERT INTO public.activity VALUES ('01a23867-582c-75bc-977f-8e20c2c68ab3', 35, '9ebffd7e-830d-4dbd-8ce0-5612dd516c05', '665349e9-fbd7-4f2b-97a4-790f6593f79a', '2026-12-02 20:17:06.607437+00', 'gpt-5.1', NULL, 401, 'key_revoked', NULL, NULL, NULL, NULL, NULL);


--
-- Data for Name: activity_keys; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.activity_keys VALUES ('5fd08d8a-ab02-458a-bee2-a5f647a56b31', 'f3796998-0e67-4689-b973-64fde4e43260', 'default', 'br-trial-A4K');
INSERT INTO public.activity_keys VALUES ('5fb5de99-35dd-4207-a8bf-df4bb4fbe892', '9ebffd7e-830d-4dbd-8ce0-5612dd516c05', 'default', 'br-trial-EtS');
INSERT INTO public.activity_keys VALUES ('665349e9-fbd7-4f2b-97a4-790f6593f79a', '9ebffd7e-830d-4dbd-8ce0-5612dd516c05', 'batch', 'br-UwIEjvLBP');
INSERT INTO public.activity_keys VALUES ('0283d676-e3d2-4623-a60d-f14aae9fc1e5', 'f3796998-0e67-4689-b973-64fde4e43260', 'prod-backend-2', 'br-L2BeyH9Qc');


--
-- Data for Name: admission_keys; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.admission_keys VALUES ('5fd08d8a-ab02-458a-bee2-a5f647a56b31', 'f8a314f879ae2fd7f3a871760dadc588d84b19c9195df5eadff0e9d68e40131f', 'f3796998-0e67-4689-b973-64fde4e43260', '{"key_id":"5fd08d8a-ab02-458a-bee2-a5f647a56b31","org_id":"f3796998-0e67-4689-b973-64fde4e43260","key_hash":"f8a314f879ae2fd7f3a871760dadc588d84b19c9195df5eadff0e9d68e40131f","name":"default","prefix":"br-trial-A4K","scope":"full","ephemeral":false,"disabled":false,"revoked":false,"expires_at":null,"limits":{"rpm_limit":null,"daily_limit":null,"budget":null,"budget_period":"month"},"recent":[],"day":"0001-01-01","day_count":0,"day_spend":{"start":"0001-01-01","spent":0,"reserved":0},"week_spend":{"start":"0001-01-01","spent":0,"reserved":0},"month_spend":{"start":"0001-01-01","spent":0,"reserved":0},"created_at":"2026-12-02T20:16:59.470846+00:00","last_used_at":null}', 0);
INSERT INTO public.admission_keys VALUES ('0283d676-e3d2-4623-a60d-f14aae9fc1e5', '9c68d4cba43b6adeecdda43640adc76f48d6fe855dd0a59ce9be0aa4d91b39a1', 'f3796998-0e67-4689-b973-64fde4e43260', '{"key_id":"0283d676-e3d2-4623-a60d-f14aae9fc1e5","org_id":"f3796998-0e67-4689-b973-64fde4e43260","key_hash":"9c68d4cba43b6adeecdda43640adc76f48d6fe855dd0a59ce9be0aa4d91b39a1","name":"prod-backend-2","prefix":"br-L2BeyH9Qc","scope":"full","ephemeral":false,"disabled":false,"revoked":false,"expires_at":"2027-03-02T20:17:02.1615142+00:00","limits":{"rpm_limit":30,"daily_limit":500,"budget":50,"budget_period":"day"},"recent":[1796242625438,299,51,61],"day":"2026-12-02","day_count":4,"day_spend":{"start":"2026-12-02","spent":0.000885,"reserved":0.000000},"week_spend":{"start":"2026-11-30","spent":0.000885,"reserved":0.000000},"month_spend":{"start":"2026-12-01","spent":0.000885,"reserved":0.000000},"created_at":"2026-12-02T20:17:02.166555+00:00","last_used_at":"2026-12-02T20:17:05.8491089+00:00"}', 11);
INSERT INTO public.admission_keys VALUES ('665349e9-fbd7-4f2b-97a4-790f6593f79a', '9ddaffe62d0f08a23d8ef2bdd3dd96807604070e9ce54f2b296b76fff49a8171', '9ebffd7e-830d-4dbd-8ce0-5612dd516c05', '{"key_id":"665349e9-fbd7-4f2b-97a4-790f6593f79a","org_id":"9ebffd7e-830d-4dbd-8ce0-5612dd516c05","key_hash":"9ddaffe62d0f08a23d8ef2bdd3dd96807604070e9ce54f2b296b76fff49a8171","name":"batch","prefix":"br-UwIEjvLBP","scope":"full","ephemeral":false,"disabled":false,"revoked":true,"expires_at":null,"limits":{"rpm_limit":20,"daily_limit":null,"budget":null,"budget_period":"month"},"recent":[],"day":"0001-01-01","day_count":0,"day_spend":{"start":"0001-01-01","spent":0,"reserved":0},"week_spend":{"start":"0001-01-01","spent":0,"reserved":0},"month_spend":{"start":"0001-01-01","spent":0,"reserved":0},"created_at":"2026-12-02T20:17:02.285296+00:00","last_used_at":null}', 1);
INSERT INTO public.admission_keys VALUES ('5fb5de99-35dd-4207-a8bf-df4bb4fbe892', 'ff61cd22ecd6cbd0a99b67938bccc6b7753557d6de777d0a0a43840742758322', '9ebffd7e-830d-4dbd-8ce0-5612dd516c05', '{"key_id":"5fb5de99-35dd-4207-a8bf-df4bb4fbe892","org_id":"9ebffd7e-830d-4dbd-8ce0-5612dd516c05","key_hash":"ff61cd22ecd6cbd0a99b67938bccc6b7753557d6de777d0a0a43840742758322","name":"default","prefix":"br-trial-EtS","scope":"full","ephemeral":false,"disabled":false,"revoked":false,"expires_at":null,"limits":{"rpm_limit":null,"daily_limit":null,"budget":null,"budget_period":"month"},"recent":[1796242625911,71],"day":"2026-12-03","day_count":2,"day_spend":{"start":"2026-12-03","spent":0.02057,"reserved":0.00000},"week_spend":{"start":"2026-11-30","spent":0.02057,"reserved":0.00000},"month_spend":{"start":"2026-12-01","spent":0.02057,"reserved":0.00000},"created_at":"2026-12-02T20:17:00.150079+00:00","last_used_at":"2026-12-02T20:17:05.9822422+00:00"}', 4);


--
-- Data for Name: admission_orgs; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.admission_orgs VALUES ('f3796998-0e67-4689-b973-64fde4e43260', '{"org_id":"f3796998-0e67-4689-b973-64fde4e43260","currency":"EUR","time_zone":"Europe/Paris","allowed_regions":["eu"],"plan":{"name":"pro","rpm_limit":60,"daily_limit":5000,"monthly_limit":100000,"markup_percent":15},"credits":15,"charged":0.000885,"reserved":0.000000,"recent":[1796242625438,299,51,61],"day_utc":"2026-12-02","day_count":4,"month_utc":"2026-12-01","month_count":4,"balance":14.999115,"tier":"standard"}', 10);
INSERT INTO public.admission_orgs VALUES ('9ebffd7e-830d-4dbd-8ce0-5612dd516c05', '{"org_id":"9ebffd7e-830d-4dbd-8ce0-5612dd516c05","currency":"INR","time_zone":"Asia/Kolkata","allowed_regions":["in"],"plan":{"name":"free","rpm_limit":null,"daily_limit":null,"monthly_limit":null,"markup_percent":0},"credits":1000,"charged":0.02057,"reserved":0.00000,"recent":[],"day_utc":"2026-12-02","day_count":2,"month_utc":"2026-12-01","month_count":2,"balance":999.97943,"tier":"standard"}', 5);


--
-- Data for Name: client_address_counts; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.client_address_counts VALUES ('signup', '127.0.0.1', '2026-12-02 20:00:00+00', 2);
INSERT INTO public.client_address_counts VALUES ('promo_claim', '127.0.0.1', '2026-12-02 20:00:00+00', 1);


--
-- Data for Name: events; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (1, '08fb269d-9fcf-4308-be5b-c634de310ca2', 'key-5fd08d8a-ab02-458a-bee2-a5f647a56b31', 1, 'V1.KeyMinted', '{"key_id":"5fd08d8a-ab02-458a-bee2-a5f647a56b31","org_id":"f3796998-0e67-4689-b973-64fde4e43260","name":"default","key_hash":"f8a314f879ae2fd7f3a871760dadc588d84b19c9195df5eadff0e9d68e40131f","prefix":"br-trial-A4K","tier":"trial","scope":"full","ephemeral":false,"limits":{"rpm_limit":null,"daily_limit":null,"budget":null,"budget_period":"month"},"expires_at":null}', '{"correlation_id":"69f1b2cc-0dd7-48da-9b11-8d423738fd29","causation_id":null,"actor":"signup:f3796998-0e67-4689-b973-64fde4e43260"}', 'f3796998-0e67-4689-b973-64fde4e43260', '2026-12-02 20:16:59.470846+00', '802', '\x59e01c5939ed616e329d51b21060acd954a5c5cf44b68b284f07d6dfd4d900fb', NULL);
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (2, '16bbfebb-4047-4917-9f99-4db770be9a94', 'org-f3796998-0e67-4689-b973-64fde4e43260', 1, 'V1.OrgSignedUp', '{"org_id":"f3796998-0e67-4689-b973-64fde4e43260","name":"Acme","currency":"EUR","time_zone":"Europe/Paris","allowed_regions":["eu"],"plan":{"name":"free","rpm_limit":null,"daily_limit":null,"monthly_limit":null,"markup_percent":0}}', '{"correlation_id":"69f1b2cc-0dd7-48da-9b11-8d423738fd29","causation_id":null,"actor":"signup:f3796998-0e67-4689-b973-64fde4e43260"}', 'f3796998-0e67-4689-b973-64fde4e43260', '2026-12-02 20:16:59.470846+00', '802', '\x1942490b3748003414148d164b011f6e6b8546c20150a8e7b51c8b2c78b8a706', NULL);
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (3, '48ed3df7-ef98-4a26-9ed6-68d2f9f3243b', 'org-f3796998-0e67-4689-b973-64fde4e43260', 2, 'V1.KeyIssued', '{"org_id":"f3796998-0e67-4689-b973-64fde4e43260","key_id":"5fd08d8a-ab02-458a-bee2-a5f647a56b31","ephemeral":false,"expires_at":null}', '{"correlation_id":"69f1b2cc-0dd7-48da-9b11-8d423738fd29","causation_id":null,"actor":"signup:f3796998-0e67-4689-b973-64fde4e43260"}', 'f3796998-0e67-4689-b973-64fde4e43260', '2026-12-02 20:16:59.470846+00', '802', '\x3a836462d1acac406aee49930a34ef272d0a8957bc7559a2291b2c2e20604c19', '\x1942490b3748003414148d164b011f6e6b8546c20150a8e7b51c8b2c78b8a706');
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (4, 'a6439b6f-a0b6-453b-aac0-a0c67e765475', 'key-5fb5de99-35dd-4207-a8bf-df4bb4fbe892', 1, 'V1.KeyMinted', '{"key_id":"5fb5de99-35dd-4207-a8bf-df4bb4fbe892","org_id":"9ebffd7e-830d-4dbd-8ce0-5612dd516c05","name":"default","key_hash":"ff61cd22ecd6cbd0a99b67938bccc6b7753557d6de777d0a0a43840742758322","prefix":"br-trial-EtS","tier":"trial","scope":"full","ephemeral":false,"limits":{"rpm_limit":null,"daily_limit":null,"budget":null,"budget_period":"month"},"expires_at":null}', '{"correlation_id":"9f026e1d-7948-4d43-96d7-302f4b3dc54c","causation_id":null,"actor":"signup:9ebffd7e-830d-4dbd-8ce0-5612dd516c05"}', '9ebffd7e-830d-4dbd-8ce0-5612dd516c05', '2026-12-02 20:17:00.150079+00', '811', '\x19869c7f8e180d12a4e2bafc3d792fd5202a187c5bd6b1bdde44e8795a23d521', NULL);
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (5, '8a1b1e10-20c2-4435-a845-3f88c5d2f355', 'org-9ebffd7e-830d-4dbd-8ce0-5612dd516c05', 1, 'V1.OrgSignedUp', '{"org_id":"9ebffd7e-830d-4dbd-8ce0-5612dd516c05","name":"Bharat","currency":"INR","time_zone":"Asia/Kolkata","allowed_regions":["in"],"plan":{"name":"free","rpm_limit":null,"daily_limit":null,"monthly_limit":null,"markup_percent":0}}', '{"correlation_id":"9f026e1d-7948-4d43-96d7-302f4b3dc54c","causation_id":null,"actor":"signup:9ebffd7e-830d-4dbd-8ce0-5612dd516c05"}', '9ebffd7e-830d-4dbd-8ce0-5612dd516c05', '2026-12-02 20:17:00.150079+00', '811', '\x4a32d97c48fc5bd1c5db114aa13b8dd1af3652b6473731c50321fbec09e6ea4c', NULL);
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (6, 'ba1e265f-f9ad-4474-b725-e528a75a63e2', 'org-9ebffd7e-830d-4dbd-8ce0-5612dd516c05', 2, 'V1.KeyIssued', '{"org_id":"9ebffd7e-830d-4dbd-8ce0-5612dd516c05","key_id":"5fb5de99-35dd-4207-a8bf-df4bb4fbe892","ephemeral":false,"expires_at":null}', '{"correlation_id":"9f026e1d-7948-4d43-96d7-302f4b3dc54c","causation_id":null,"actor":"signup:9ebffd7e-830d-4dbd-8ce0-5612dd516c05"}', '9ebffd7e-830d-4dbd-8ce0-5612dd516c05', '2026-12-02 20:17:00.150079+00', '811', '\xdc36ad41ba224ffd8dc11f0f1d51c959d18693cad00841ac3b520015f32bc861', '\x4a32d97c48fc5bd1c5db114aa13b8dd1af3652b6473731c50321fbec09e6ea4c');
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (7, 'a88e76c3-3b44-493a-84c0-5aa9f946f57f', 'org-f3796998-0e67-4689-b973-64fde4e43260', 3, 'V1.SignupCreditClaimed', '{"org_id":"f3796998-0e67-4689-b973-64fde4e43260","amount":15,"currency":"EUR"}', '{"correlation_id":"ccbbac9c-9ded-42ae-bf63-d2c8435f03ce","causation_id":null,"actor":"key:5fd08d8a-ab02-458a-bee2-a5f647a56b31"}', 'f3796998-0e67-4689-b973-64fde4e43260', '2026-12-02 20:17:01.790898+00', '829', '\xdcf0796db33fadeceb80575707b00a6c50bfb865cfcda1d22e16557e47e28d42', '\x3a836462d1acac406aee49930a34ef272d0a8957bc7559a2291b2c2e20604c19');
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (8, '921cdc37-1192-4819-8213-2f7272b76a80', 'promo-signup-credit', 1, 'V1.PromoCreditTaken', '{"org_id":"f3796998-0e67-4689-b973-64fde4e43260","pool_size":300}', '{"correlation_id":"ccbbac9c-9ded-42ae-bf63-d2c8435f03ce","causation_id":null,"actor":"key:5fd08d8a-ab02-458a-bee2-a5f647a56b31"}', NULL, '2026-12-02 20:17:01.790898+00', '829', '\x7415880aa640852ae54b44cc28f6069aa829ce373a840702f636a3b81cc81277', NULL);
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (9, '82872acc-7067-4aeb-a507-faf7b0f6f745', 'org-9ebffd7e-830d-4dbd-8ce0-5612dd516c05', 3, 'V1.PaymentRecorded', '{"org_id":"9ebffd7e-830d-4dbd-8ce0-5612dd516c05","amount":1000,"currency":"INR","reference":"inv-2026-001"}', '{"correlation_id":"69b7e1e8-bb3d-4c37-858d-310890f5d3d1","causation_id":null,"actor":"operator"}', '9ebffd7e-830d-4dbd-8ce0-5612dd516c05', '2026-12-02 20:17:01.962293+00', '838', '\x4606d32cc4b217569430ae1944aee088d2482ffe27f56b3e8730a9505b2fa6f0', '\xdc36ad41ba224ffd8dc11f0f1d51c959d18693cad00841ac3b520015f32bc861');
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (10, '6c7a9bd9-18c3-4e73-8e67-86943bb590e8', 'org-f3796998-0e67-4689-b973-64fde4e43260', 4, 'V1.PlanChanged', '{"org_id":"f3796998-0e67-4689-b973-64fde4e43260","plan":{"name":"pro","rpm_limit":60,"daily_limit":5000,"monthly_limit":100000,"markup_percent":15}}', '{"correlation_id":"f08cbbe9-f47e-4dda-a4ec-f5cc4e9b95fe","causation_id":null,"actor":"operator"}', 'f3796998-0e67-4689-b973-64fde4e43260', '2026-12-02 20:17:02.051077+00', '843', '\xfcbe6a08b9069111da137ef8335dddacc65ef535d177cc52c84141a1f4ada2c7', '\xdcf0796db33fadeceb80575707b00a6c50bfb865cfcda1d22e16557e47e28d42');
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (11, '098231ca-121f-4472-b309-0d720278c174', 'key-0283d676-e3d2-4623-a60d-f14aae9fc1e5', 1, 'V1.KeyMinted', '{"key_id":"0283d676-e3d2-4623-a60d-f14aae9fc1e5","org_id":"f3796998-0e67-4689-b973-64fde4e43260","name":"prod-backend","key_hash":"9c68d4cba43b6adeecdda43640adc76f48d6fe855dd0a59ce9be0aa4d91b39a1","prefix":"br-L2BeyH9Qc","tier":"standard","scope":"full","ephemeral":false,"limits":{"rpm_limit":30,"daily_limit":null,"budget":50,"budget_period":"day"},"expires_at":"2027-03-02T20:17:02.1615142+00:00"}', '{"correlation_id":"a3c3a674-e567-4458-8b74-a631a4ea4f0a","causation_id":null,"actor":"key:5fd08d8a-ab02-458a-bee2-a5f647a56b31"}', 'f3796998-0e67-4689-b973-64fde4e43260', '2026-12-02 20:17:02.166555+00', '850', '\x289f6f45794d3a6e1adc0e2b8ff51351652453f0477c3bf0168f15257248359a', NULL);
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (12, '94ee350b-5f9b-40f6-b448-00426c4ebe83', 'org-f3796998-0e67-4689-b973-64fde4e43260', 5, 'V1.KeyIssued', '{"org_id":"f3796998-0e67-4689-b973-64fde4e43260","key_id":"0283d676-e3d2-4623-a60d-f14aae9fc1e5","ephemeral":false,"expires_at":"2027-03-02T20:17:02.1615142+00:00"}', '{"correlation_id":"a3c3a674-e567-4458-8b74-a631a4ea4f0a","causation_id":null,"actor":"key:5fd08d8a-ab02-458a-bee2-a5f647a56b31"}', 'f3796998-0e67-4689-b973-64fde4e43260', '2026-12-02 20:17:02.166555+00', '850', '\x2e751eef0a4d66360c58c0d52d12aff00a4bf12146acb65aac884d2f05a59a93', '\xfcbe6a08b9069111da137ef8335dddacc65ef535d177cc52c84141a1f4ada2c7');
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (13, 'cfecea5e-6e72-49ea-9dcc-301694b38316', 'key-665349e9-fbd7-4f2b-97a4-790f6593f79a', 1, 'V1.KeyMinted', '{"key_id":"665349e9-fbd7-4f2b-97a4-790f6593f79a","org_id":"9ebffd7e-830d-4dbd-8ce0-5612dd516c05","name":"batch","key_hash":"9ddaffe62d0f08a23d8ef2bdd3dd96807604070e9ce54f2b296b76fff49a8171","prefix":"br-UwIEjvLBP","tier":"standard","scope":"full","ephemeral":false,"limits":{"rpm_limit":20,"daily_limit":null,"budget":null,"budget_period":"month"},"expires_at":null}', '{"correlation_id":"e0cfe1cf-6108-4924-8ec5-3194d735f77c","causation_id":null,"actor":"key:5fb5de99-35dd-4207-a8bf-df4bb4fbe892"}', '9ebffd7e-830d-4dbd-8ce0-5612dd516c05', '2026-12-02 20:17:02.285296+00', '855', '\x4c4159b3f3bea3d6e445125d2515486426654ae9a7f330549444130752dbb771', NULL);
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (14, 'cc9ecc1a-c897-4ec9-8985-22495f4bf628', 'org-9ebffd7e-830d-4dbd-8ce0-5612dd516c05', 4, 'V1.KeyIssued', '{"org_id":"9ebffd7e-830d-4dbd-8ce0-5612dd516c05","key_id":"665349e9-fbd7-4f2b-97a4-790f6593f79a","ephemeral":false,"expires_at":null}', '{"correlation_id":"e0cfe1cf-6108-4924-8ec5-3194d735f77c","causation_id":null,"actor":"key:5fb5de99-35dd-4207-a8bf-df4bb4fbe892"}', '9ebffd7e-830d-4dbd-8ce0-5612dd516c05', '2026-12-02 20:17:02.285296+00', '855', '\x11533ddb3c2ffb55e2fe78b96d173a6f04dc0d87c4bf3a48b2a5bf3aa577a427', '\x4606d32cc4b217569430ae1944aee088d2482ffe27f56b3e8730a9505b2fa6f0');
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (15, '10c68f5c-4431-4ee8-acda-3fa70e42125b', 'key-0283d676-e3d2-4623-a60d-f14aae9fc1e5', 2, 'V1.KeyUpdated', '{"key_id":"0283d676-e3d2-4623-a60d-f14aae9fc1e5","org_id":"f3796998-0e67-4689-b973-64fde4e43260","name":"prod-backend-2","limits":{"rpm_limit":30,"daily_limit":500,"budget":50,"budget_period":"day"}}', '{"correlation_id":"d6809964-ae90-4170-86de-f561ab16bf15","causation_id":null,"actor":"key:5fd08d8a-ab02-458a-bee2-a5f647a56b31"}', 'f3796998-0e67-4689-b973-64fde4e43260', '2026-12-02 20:17:03.841074+00', '874', '\x0d464721a887c4f78a7f1b426037faf63581b64a2c09ab2594a21cc8deb73462', '\x289f6f45794d3a6e1adc0e2b8ff51351652453f0477c3bf0168f15257248359a');
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (16, '27332e53-c6d3-484f-a182-a2e398276775', 'key-0283d676-e3d2-4623-a60d-f14aae9fc1e5', 3, 'V1.KeyDisabled', '{"key_id":"0283d676-e3d2-4623-a60d-f14aae9fc1e5","org_id":"f3796998-0e67-4689-b973-64fde4e43260"}', '{"correlation_id":"4279e48d-8a0a-4416-b47e-f729b6cb486a","causation_id":null,"actor":"key:5fd08d8a-ab02-458a-bee2-a5f647a56b31"}', 'f3796998-0e67-4689-b973-64fde4e43260', '2026-12-02 20:17:03.93373+00', '880', '\xa565e8e6c5c83650893f2f24237e8134869a3d77024cd0472d604e511b89f147', '\x0d464721a887c4f78a7f1b426037faf63581b64a2c09ab2594a21cc8deb73462');
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (17, '01a23867-4e72-7cd5-8fd8-5ab97d668136', 'req-01a23867-4e72-7cd5-8fd8-5ab97d668136', 1, 'V1.RequestRejected', '{"request_id":"01a23867-4e72-7cd5-8fd8-5ab97d668136","key_id":"0283d676-e3d2-4623-a60d-f14aae9fc1e5","org_id":"f3796998-0e67-4689-b973-64fde4e43260","model":"gpt-5.1","code":"key_disabled","status":403,"message":"This API key is disabled; enable it on the dashboard."}', '{"correlation_id":"01a23867-4e72-7cd5-8fd8-5ab97d668136","causation_id":null,"actor":"key:0283d676-e3d2-4623-a60d-f14aae9fc1e5"}', 'f3796998-0e67-4689-b973-64fde4e43260', '2026-12-02 20:17:04.887876+00', '894', '\x230a8cf9446fa2d9488eda21a3f0ea0c7a95ed1cdc7565fa48900f6127690850', NULL);
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (20, '01a23867-5378-7d1b-88e8-31c63ba9bc32', 'req-01a23867-5378-7d1b-88e8-31c63ba9bc32', 1, 'V1.RequestAdmitted', '{"request_id":"01a23867-5378-7d1b-88e8-31c63ba9bc32","key_id":"0283d676-e3d2-4623-a60d-f14aae9fc1e5","org_id":"f3796998-0e67-4689-b973-64fde4e43260","model":"gpt-5.1","tier":"standard","stream":false,"prompt_tokens_estimate":12,"max_output_tokens":8192,"reserved":0.086687,"currency":"EUR"}', '{"correlation_id":"01a23867-5378-7d1b-88e8-31c63ba9bc32","causation_id":null,"actor":"key:0283d676-e3d2-4623-a60d-f14aae9fc1e5"}', 'f3796998-0e67-4689-b973-64fde4e43260', '2026-12-02 20:17:05.438148+00', '913', '\x31b5c52ef197dfcff1cc0ecf8d404983adf63044cc685d5cc7f57d60228a2781', NULL);
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (21, '01a23867-5469-78e3-bc96-19ad752ba4a1', 'req-01a23867-5378-7d1b-88e8-31c63ba9bc32', 2, 'V1.RequestCompleted', '{"request_id":"01a23867-5378-7d1b-88e8-31c63ba9bc32","key_id":"0283d676-e3d2-4623-a60d-f14aae9fc1e5","org_id":"f3796998-0e67-4689-b973-64fde4e43260","model":"gpt-5.1","admitted_at":"2026-12-02T20:17:05.4381485+00:00","provider":"sim-scaleway","region":"eu","status":200,"error_code":null,"tokens_in":12,"tokens_out":19,"latency_ms":170.261,"input_per_million":1.10,"output_per_million":8.50,"provider_currency":"EUR","fx_rate":1,"markup_percent":15,"provider_cost":0.0001747,"charged":0.000201,"currency":"EUR","reserved":0.086687,"billable":true,"attempts":[{"provider":"sim-scaleway","region":"eu","outcome":"ok","status":200,"latency_ms":146.51}]}', '{"correlation_id":"01a23867-5378-7d1b-88e8-31c63ba9bc32","causation_id":"01a23867-5378-7d1b-88e8-31c63ba9bc32","actor":"key:0283d676-e3d2-4623-a60d-f14aae9fc1e5"}', 'f3796998-0e67-4689-b973-64fde4e43260', '2026-12-02 20:17:05.641204+00', '925', '\xb6443da5e37bace8edf9d98642999a15ada1e6cecc015d164a1415a65562fe66', '\x31b5c52ef197dfcff1cc0ecf8d404983adf63044cc685d5cc7f57d60228a2781');
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (22, '01a23867-54c8-7b3b-8e45-889db99cdd7a', 'req-01a23867-54c8-7b3b-8e45-889db99cdd7a', 1, 'V1.RequestAdmitted', '{"request_id":"01a23867-54c8-7b3b-8e45-889db99cdd7a","key_id":"0283d676-e3d2-4623-a60d-f14aae9fc1e5","org_id":"f3796998-0e67-4689-b973-64fde4e43260","model":"mistral-lg","tier":"standard","stream":false,"prompt_tokens_estimate":12,"max_output_tokens":8192,"reserved":0.050897,"currency":"EUR"}', '{"correlation_id":"01a23867-54c8-7b3b-8e45-889db99cdd7a","causation_id":null,"actor":"key:0283d676-e3d2-4623-a60d-f14aae9fc1e5"}', 'f3796998-0e67-4689-b973-64fde4e43260', '2026-12-02 20:17:05.737153+00', '931', '\x59f7cc93cb8aab9ed17fa48f18cad37019efc203e9645484aad372b983170406', NULL);
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (23, '01a23867-54e7-79fa-aab8-9f5de0042991', 'req-01a23867-54c8-7b3b-8e45-889db99cdd7a', 2, 'V1.RequestCompleted', '{"request_id":"01a23867-54c8-7b3b-8e45-889db99cdd7a","key_id":"0283d676-e3d2-4623-a60d-f14aae9fc1e5","org_id":"f3796998-0e67-4689-b973-64fde4e43260","model":"mistral-lg","admitted_at":"2026-12-02T20:17:05.7371533+00:00","provider":"sim-scaleway","region":"eu","status":200,"error_code":null,"tokens_in":12,"tokens_out":19,"latency_ms":21.63,"input_per_million":1.80,"output_per_million":5.40,"provider_currency":"EUR","fx_rate":1,"markup_percent":15,"provider_cost":0.0001242,"charged":0.000143,"currency":"EUR","reserved":0.050897,"billable":true,"attempts":[{"provider":"sim-scaleway","region":"eu","outcome":"ok","status":200,"latency_ms":21.577}]}', '{"correlation_id":"01a23867-54c8-7b3b-8e45-889db99cdd7a","causation_id":"01a23867-54c8-7b3b-8e45-889db99cdd7a","actor":"key:0283d676-e3d2-4623-a60d-f14aae9fc1e5"}', 'f3796998-0e67-4689-b973-64fde4e43260', '2026-12-02 20:17:05.767904+00', '933', '\xc99c7b4e3ac849e3967ec4d8fa6b9c6cdb77800402c54b532870a997cae06584', '\x59f7cc93cb8aab9ed17fa48f18cad37019efc203e9645484aad372b983170406');
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (24, '01a23867-54fc-792e-9fdc-71e293d8158a', 'req-01a23867-54fc-792e-9fdc-71e293d8158a', 1, 'V1.RequestAdmitted', '{"request_id":"01a23867-54fc-792e-9fdc-71e293d8158a","key_id":"0283d676-e3d2-4623-a60d-f14aae9fc1e5","org_id":"f3796998-0e67-4689-b973-64fde4e43260","model":"claude-4","tier":"standard","stream":false,"prompt_tokens_estimate":12,"max_output_tokens":8192,"reserved":0.130045,"currency":"EUR"}', '{"correlation_id":"01a23867-54fc-792e-9fdc-71e293d8158a","causation_id":null,"actor":"key:0283d676-e3d2-4623-a60d-f14aae9fc1e5"}', 'f3796998-0e67-4689-b973-64fde4e43260', '2026-12-02 20:17:05.78881+00', '936', '\x5ee609b33bede076d7618194d9d15390db332dbddb848f0af9e48e32ba1598cc', NULL);
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (25, '01a23867-551d-7b72-991c-809e1d7c52e4', 'req-01a23867-54fc-792e-9fdc-71e293d8158a', 2, 'V1.RequestCompleted', '{"request_id":"01a23867-54fc-792e-9fdc-71e293d8158a","key_id":"0283d676-e3d2-4623-a60d-f14aae9fc1e5","org_id":"f3796998-0e67-4689-b973-64fde4e43260","model":"claude-4","admitted_at":"2026-12-02T20:17:05.7888104+00:00","provider":"sim-azure-eu","region":"eu","status":200,"error_code":null,"tokens_in":12,"tokens_out":19,"latency_ms":30.701,"input_per_million":3.00,"output_per_million":15.00,"provider_currency":"USD","fx_rate":0.92,"markup_percent":15,"provider_cost":0.000321,"charged":0.000340,"currency":"EUR","reserved":0.130045,"billable":true,"attempts":[{"provider":"sim-azure-eu","region":"eu","outcome":"ok","status":200,"latency_ms":30.637}]}', '{"correlation_id":"01a23867-54fc-792e-9fdc-71e293d8158a","causation_id":"01a23867-54fc-792e-9fdc-71e293d8158a","actor":"key:0283d676-e3d2-4623-a60d-f14aae9fc1e5"}', 'f3796998-0e67-4689-b973-64fde4e43260', '2026-12-02 20:17:05.821558+00', '938', '\xddfad8f0cdf70b3abda68860e145186546674e659bd599d1683aafe41d2f210c', '\x5ee609b33bede076d7618194d9d15390db332dbddb848f0af9e48e32ba1598cc');
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (26, '01a23867-5538-7efc-af3c-1e6e4a0ec3ce', 'req-01a23867-5538-7efc-af3c-1e6e4a0ec3ce', 1, 'V1.RequestAdmitted', '{"request_id":"01a23867-5538-7efc-af3c-1e6e4a0ec3ce","key_id":"0283d676-e3d2-4623-a60d-f14aae9fc1e5","org_id":"f3796998-0e67-4689-b973-64fde4e43260","model":"gpt-5.1","tier":"standard","stream":false,"prompt_tokens_estimate":12,"max_output_tokens":8192,"reserved":0.086687,"currency":"EUR"}', '{"correlation_id":"01a23867-5538-7efc-af3c-1e6e4a0ec3ce","causation_id":null,"actor":"key:0283d676-e3d2-4623-a60d-f14aae9fc1e5"}', 'f3796998-0e67-4689-b973-64fde4e43260', '2026-12-02 20:17:05.849108+00', '943', '\x7b1b6b9205e5b2ee30597d34dcfee6c06d72fbdd1893575fda8eb15e1dd24866', NULL);
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (18, '606ee296-ef09-4db2-a602-3f9a109ca037', 'key-0283d676-e3d2-4623-a60d-f14aae9fc1e5', 4, 'V1.KeyEnabled', '{"key_id":"0283d676-e3d2-4623-a60d-f14aae9fc1e5","org_id":"f3796998-0e67-4689-b973-64fde4e43260"}', '{"correlation_id":"022b9306-70bd-4654-9a14-b3f1fbeb78ed","causation_id":null,"actor":"key:5fd08d8a-ab02-458a-bee2-a5f647a56b31"}', 'f3796998-0e67-4689-b973-64fde4e43260', '2026-12-02 20:17:05.344944+00', '904', '\x503de2393759cb648878901237076ab3ec8a65262b367acf99497813c6823420', '\xa565e8e6c5c83650893f2f24237e8134869a3d77024cd0472d604e511b89f147');
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (33, 'aaf38dd6-a507-4a0c-9a6a-ec6e676460d5', 'key-665349e9-fbd7-4f2b-97a4-790f6593f79a', 2, 'V1.KeyRevoked', '{"key_id":"665349e9-fbd7-4f2b-97a4-790f6593f79a","org_id":"9ebffd7e-830d-4dbd-8ce0-5612dd516c05"}', '{"correlation_id":"c1882fdd-b054-48fe-9298-c416d20122d4","causation_id":null,"actor":"key:5fb5de99-35dd-4207-a8bf-df4bb4fbe892"}', '9ebffd7e-830d-4dbd-8ce0-5612dd516c05', '2026-12-02 20:17:06.083033+00', '965', '\xc27edf333673941ca14a241e1b9d375906579f2eb7a0e4ee6c91e25aebce9caa', '\x4c4159b3f3bea3d6e445125d2515486426654ae9a7f330549444130752dbb771');
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (34, 'b021dbfb-1b5d-4f07-8df9-294d7a6d1e20', 'org-9ebffd7e-830d-4dbd-8ce0-5612dd516c05', 5, 'V1.KeyRetired', '{"org_id":"9ebffd7e-830d-4dbd-8ce0-5612dd516c05","key_id":"665349e9-fbd7-4f2b-97a4-790f6593f79a"}', '{"correlation_id":"c1882fdd-b054-48fe-9298-c416d20122d4","causation_id":null,"actor":"key:5fb5de99-35dd-4207-a8bf-df4bb4fbe892"}', '9ebffd7e-830d-4dbd-8ce0-5612dd516c05', '2026-12-02 20:17:06.083033+00', '965', '\xc53748e029f403bcbb6564d56831fd8da0ab08976354038bd0754302b673ac68', '\x11533ddb3c2ffb55e2fe78b96d173a6f04dc0d87c4bf3a48b2a5bf3aa577a427');
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (27, '01a23867-5552-7477-aa62-cf021219e16a', 'req-01a23867-5538-7efc-af3c-1e6e4a0ec3ce', 2, 'V1.RequestCompleted', '{"request_id":"01a23867-5538-7efc-af3c-1e6e4a0ec3ce","key_id":"0283d676-e3d2-4623-a60d-f14aae9fc1e5","org_id":"f3796998-0e67-4689-b973-64fde4e43260","model":"gpt-5.1","admitted_at":"2026-12-02T20:17:05.8491089+00:00","provider":"sim-scaleway","region":"eu","status":200,"error_code":null,"tokens_in":12,"tokens_out":19,"latency_ms":20.914,"input_per_million":1.10,"output_per_million":8.50,"provider_currency":"EUR","fx_rate":1,"markup_percent":15,"provider_cost":0.0001747,"charged":0.000201,"currency":"EUR","reserved":0.086687,"billable":true,"attempts":[{"provider":"sim-scaleway","region":"eu","outcome":"ok","status":200,"latency_ms":20.823}]}', '{"correlation_id":"01a23867-5538-7efc-af3c-1e6e4a0ec3ce","causation_id":"01a23867-5538-7efc-af3c-1e6e4a0ec3ce","actor":"key:0283d676-e3d2-4623-a60d-f14aae9fc1e5"}', 'f3796998-0e67-4689-b973-64fde4e43260', '2026-12-02 20:17:05.87451+00', '945', '\x8082a48b188cea563a07b0fa31e45c4016c87612a8be53ee9c5a6babe5562641', '\x7b1b6b9205e5b2ee30597d34dcfee6c06d72fbdd1893575fda8eb15e1dd24866');
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (28, '01a23867-5572-7eee-9b2a-309196553b2d', 'req-01a23867-5572-7eee-9b2a-309196553b2d', 1, 'V1.RequestAdmitted', '{"request_id":"01a23867-5572-7eee-9b2a-309196553b2d","key_id":"5fb5de99-35dd-4207-a8bf-df4bb4fbe892","org_id":"9ebffd7e-830d-4dbd-8ce0-5612dd516c05","model":"gpt-5.1","tier":"standard","stream":false,"prompt_tokens_estimate":9,"max_output_tokens":8192,"reserved":6.96419,"currency":"INR"}', '{"correlation_id":"01a23867-5572-7eee-9b2a-309196553b2d","causation_id":null,"actor":"key:5fb5de99-35dd-4207-a8bf-df4bb4fbe892"}', '9ebffd7e-830d-4dbd-8ce0-5612dd516c05', '2026-12-02 20:17:05.911718+00', '948', '\x4b1caafc0e0a8e2a3a923a0773603131fc7bbf9f98ba0f84654a50fb4b7f0c7b', NULL);
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (29, '01a23867-5595-7d6c-a7b7-086c277af8c0', 'req-01a23867-5572-7eee-9b2a-309196553b2d', 2, 'V1.RequestCompleted', '{"request_id":"01a23867-5572-7eee-9b2a-309196553b2d","key_id":"5fb5de99-35dd-4207-a8bf-df4bb4fbe892","org_id":"9ebffd7e-830d-4dbd-8ce0-5612dd516c05","model":"gpt-5.1","admitted_at":"2026-12-02T20:17:05.9117189+00:00","provider":"sim-mumbai","region":"in","status":200,"error_code":null,"tokens_in":9,"tokens_out":17,"latency_ms":27.319,"input_per_million":110,"output_per_million":850,"provider_currency":"INR","fx_rate":1,"markup_percent":0,"provider_cost":0.01544,"charged":0.01544,"currency":"INR","reserved":6.96419,"billable":true,"attempts":[{"provider":"sim-mumbai","region":"in","outcome":"ok","status":200,"latency_ms":27.279}]}', '{"correlation_id":"01a23867-5572-7eee-9b2a-309196553b2d","causation_id":"01a23867-5572-7eee-9b2a-309196553b2d","actor":"key:5fb5de99-35dd-4207-a8bf-df4bb4fbe892"}', '9ebffd7e-830d-4dbd-8ce0-5612dd516c05', '2026-12-02 20:17:05.941078+00', '953', '\xe4f0290419c60a97868089319b7d699fe21b6301bbe45acb5d7141d22e20f91a', '\x4b1caafc0e0a8e2a3a923a0773603131fc7bbf9f98ba0f84654a50fb4b7f0c7b');
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (30, '01a23867-55bd-7722-8b50-3abeb749226c', 'req-01a23867-55bd-7722-8b50-3abeb749226c', 1, 'V1.RequestAdmitted', '{"request_id":"01a23867-55bd-7722-8b50-3abeb749226c","key_id":"5fb5de99-35dd-4207-a8bf-df4bb4fbe892","org_id":"9ebffd7e-830d-4dbd-8ce0-5612dd516c05","model":"gpt-5.1","tier":"standard","stream":false,"prompt_tokens_estimate":8,"max_output_tokens":5,"reserved":0.00513,"currency":"INR"}', '{"correlation_id":"01a23867-55bd-7722-8b50-3abeb749226c","causation_id":null,"actor":"key:5fb5de99-35dd-4207-a8bf-df4bb4fbe892"}', '9ebffd7e-830d-4dbd-8ce0-5612dd516c05', '2026-12-02 20:17:05.982242+00', '955', '\x39c02d3323226edd47c41f1a6175510918dd6591a6f76df15e7c1538b00ea66e', NULL);
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (31, '01a23867-55dd-7ef1-baa1-e33b07d34590', 'req-01a23867-55bd-7722-8b50-3abeb749226c', 2, 'V1.RequestCompleted', '{"request_id":"01a23867-55bd-7722-8b50-3abeb749226c","key_id":"5fb5de99-35dd-4207-a8bf-df4bb4fbe892","org_id":"9ebffd7e-830d-4dbd-8ce0-5612dd516c05","model":"gpt-5.1","admitted_at":"2026-12-02T20:17:05.9822422+00:00","provider":"sim-mumbai","region":"in","status":200,"error_code":null,"tokens_in":8,"tokens_out":5,"latency_ms":28.908,"input_per_million":110,"output_per_million":850,"provider_currency":"INR","fx_rate":1,"markup_percent":0,"provider_cost":0.00513,"charged":0.00513,"currency":"INR","reserved":0.00513,"billable":true,"attempts":[{"provider":"sim-mumbai","region":"in","outcome":"ok","status":200,"latency_ms":28.869}]}', '{"correlation_id":"01a23867-55bd-7722-8b50-3abeb749226c","causation_id":"01a23867-55bd-7722-8b50-3abeb749226c","actor":"key:5fb5de99-35dd-4207-a8bf-df4bb4fbe892"}', '9ebffd7e-830d-4dbd-8ce0-5612dd516c05', '2026-12-02 20:17:06.013536+00', '958', '\x90028414cb5eb69d0e92c8d3cfb9c8a183427b0fca0ffd0093eec41907c010b7', '\x39c02d3323226edd47c41f1a6175510918dd6591a6f76df15e7c1538b00ea66e');
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (32, '01a23867-55f4-7629-8012-7858902cfcaa', 'req-01a23867-55f4-7629-8012-7858902cfcaa', 1, 'V1.RequestRejected', '{"request_id":"01a23867-55f4-7629-8012-7858902cfcaa","key_id":"5fd08d8a-ab02-458a-bee2-a5f647a56b31","org_id":"f3796998-0e67-4689-b973-64fde4e43260","model":"no-such-model","code":"model_not_found","status":404,"message":"The model \u0027no-such-model\u0027 is not available in this org\u0027s regions (eu)."}', '{"correlation_id":"01a23867-55f4-7629-8012-7858902cfcaa","causation_id":null,"actor":"key:5fd08d8a-ab02-458a-bee2-a5f647a56b31"}', 'f3796998-0e67-4689-b973-64fde4e43260', '2026-12-02 20:17:06.045651+00', '961', '\xf5395f6274c0cb8532d65aa2b9925e79858f141fcbba70ecbeadd386b3f47620', NULL);
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (35, '01a23867-582c-75bc-977f-8e20c2c68ab3', 'req-01a23867-582c-75bc-977f-8e20c2c68ab3', 1, 'V1.RequestRejected', '{"request_id":"01a23867-582c-75bc-977f-8e20c2c68ab3","key_id":"665349e9-fbd7-4f2b-97a4-790f6593f79a","org_id":"9ebffd7e-830d-4dbd-8ce0-5612dd516c05","model":"gpt-5.1","code":"key_revoked","status":401,"message":"This API key has been revoked."}', '{"correlation_id":"01a23867-582c-75bc-977f-8e20c2c68ab3","causation_id":null,"actor":"key:665349e9-fbd7-4f2b-97a4-790f6593f79a"}', '9ebffd7e-830d-4dbd-8ce0-5612dd516c05', '2026-12-02 20:17:06.607437+00', '979', '\xc7974eca51a611fd8a6828ac20961638c2b373d928d44a67f964e6fa95ff8777', NULL);


--
-- Data for Name: invoice_credits; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.invoice_credits VALUES ('f3796998-0e67-4689-b973-64fde4e43260', '2026-12-01', 15, 0);
INSERT INTO public.invoice_credits VALUES ('9ebffd7e-830d-4dbd-8ce0-5612dd516c05', '2026-12-01', 0, 1000);


--
-- Data for Name: invoice_lines; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.invoice_lines VALUES ('f3796998-0e67-4689-b973-64fde4e43260', '2026-12-01', 'mistral-lg', 1, 12, 19, 0.0001242, 0.0000188, 0, 0.000143);
INSERT INTO public.invoice_lines VALUES ('f3796998-0e67-4689-b973-64fde4e43260', '2026-12-01', 'claude-4', 1, 12, 19, 0.00029532, 0.00004468, 0, 0.000340);
INSERT INTO public.invoice_lines VALUES ('f3796998-0e67-4689-b973-64fde4e43260', '2026-12-01', 'gpt-5.1', 2, 24, 38, 0.0003494, 0.0000526, 0, 0.000402);
INSERT INTO public.invoice_lines VALUES ('9ebffd7e-830d-4dbd-8ce0-5612dd516c05', '2026-12-01', 'gpt-5.1', 2, 17, 22, 0.02057, 0.00000, 0, 0.02057);


--
-- Data for Name: invoice_orgs; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.invoice_orgs VALUES ('f3796998-0e67-4689-b973-64fde4e43260', 'EUR', 'Europe/Paris');
INSERT INTO public.invoice_orgs VALUES ('9ebffd7e-830d-4dbd-8ce0-5612dd516c05', 'INR', 'Asia/Kolkata');


--
-- Data for Name: open_reservations; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: org_personal_data; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.org_personal_data VALUES ('f3796998-0e67-4689-b973-64fde4e43260', 'ops@acme.example', '2026-12-02 20:16:59.507518+00', NULL);
INSERT INTO public.org_personal_data VALUES ('9ebffd7e-830d-4dbd-8ce0-5612dd516c05', 'ops@bharat.example', '2026-12-02 20:17:00.150366+00', NULL);


--
-- Data for Name: projection_checkpoints; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.projection_checkpoints VALUES ('invoices', '979', 35, 'running', NULL, '2026-12-02 20:17:06.615494+00');
INSERT INTO public.projection_checkpoints VALUES ('usage', '979', 35, 'running', NULL, '2026-12-02 20:17:06.615784+00');
INSERT INTO public.projection_checkpoints VALUES ('reservations', '979', 35, 'running', NULL, '2026-12-02 20:17:06.617705+00');
INSERT INTO public.projection_checkpoints VALUES ('activity', '979', 35, 'running', NULL, '2026-12-02 20:17:06.61614+00');


--
-- Data for Name: schema_migrations; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.schema_migrations VALUES (1, 'tables', '2026-12-02 20:16:44.145671+00');
INSERT INTO public.schema_migrations VALUES (2, 'event_hash', '2026-12-02 20:16:44.696687+00');
INSERT INTO public.schema_migrations VALUES (3, 'append', '2026-12-02 20:16:44.780411+00');
INSERT INTO public.schema_migrations VALUES (4, 'append_one_per_stream', '2026-12-02 20:16:44.84002+00');
INSERT INTO public.schema_migrations VALUES (5, 'append_creates_at_version_one', '2026-12-02 20:16:44.896441+00');
INSERT INTO public.schema_migrations VALUES (6, 'json_events', '2026-12-02 20:16:44.932455+00');
INSERT INTO public.schema_migrations VALUES (100, 'admission_rows', '2026-12-02 20:16:45.160046+00');
INSERT INTO public.schema_migrations VALUES (101, 'open_reservations', '2026-12-02 20:16:45.232041+00');
INSERT INTO public.schema_migrations VALUES (102, 'admission_row_versions', '2026-12-02 20:16:45.283441+00');
INSERT INTO public.schema_migrations VALUES (103, 'open_reservations_projected', '2026-12-02 20:16:45.336851+00');
INSERT INTO public.schema_migrations VALUES (104, 'admission_rows_fillfactor', '2026-12-02 20:16:45.376489+00');
INSERT INTO public.schema_migrations VALUES (110, 'activity', '2026-12-02 20:16:45.390479+00');
INSERT INTO public.schema_migrations VALUES (111, 'usage_hourly', '2026-12-02 20:16:45.445963+00');
INSERT INTO public.schema_migrations VALUES (112, 'invoices', '2026-12-02 20:16:45.49909+00');
INSERT INTO public.schema_migrations VALUES (120, 'org_personal_data', '2026-12-02 20:16:45.595686+00');
INSERT INTO public.schema_migrations VALUES (121, 'client_address_counts', '2026-12-02 20:16:45.654238+00');


--
-- Data for Name: streams; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.streams VALUES ('key-5fd08d8a-ab02-458a-bee2-a5f647a56b31', 'key', 1, 'f3796998-0e67-4689-b973-64fde4e43260', '\x59e01c5939ed616e329d51b21060acd954a5c5cf44b68b284f07d6dfd4d900fb', '2026-12-02 20:16:59.536023+00');
INSERT INTO public.streams VALUES ('key-5fb5de99-35dd-4207-a8bf-df4bb4fbe892', 'key', 1, '9ebffd7e-830d-4dbd-8ce0-5612dd516c05', '\x19869c7f8e180d12a4e2bafc3d792fd5202a187c5bd6b1bdde44e8795a23d521', '2026-12-02 20:17:00.152308+00');
INSERT INTO public.streams VALUES ('promo-signup-credit', 'promo', 1, NULL, '\x7415880aa640852ae54b44cc28f6069aa829ce373a840702f636a3b81cc81277', '2026-12-02 20:17:01.791562+00');
INSERT INTO public.streams VALUES ('org-f3796998-0e67-4689-b973-64fde4e43260', 'org', 5, 'f3796998-0e67-4689-b973-64fde4e43260', '\x2e751eef0a4d66360c58c0d52d12aff00a4bf12146acb65aac884d2f05a59a93', '2026-12-02 20:16:59.536023+00');
INSERT INTO public.streams VALUES ('req-01a23867-4e72-7cd5-8fd8-5ab97d668136', 'request', 1, 'f3796998-0e67-4689-b973-64fde4e43260', '\x230a8cf9446fa2d9488eda21a3f0ea0c7a95ed1cdc7565fa48900f6127690850', '2026-12-02 20:17:04.876377+00');
INSERT INTO public.streams VALUES ('key-0283d676-e3d2-4623-a60d-f14aae9fc1e5', 'key', 4, 'f3796998-0e67-4689-b973-64fde4e43260', '\x503de2393759cb648878901237076ab3ec8a65262b367acf99497813c6823420', '2026-12-02 20:17:02.181858+00');
INSERT INTO public.streams VALUES ('req-01a23867-5378-7d1b-88e8-31c63ba9bc32', 'request', 2, 'f3796998-0e67-4689-b973-64fde4e43260', '\xb6443da5e37bace8edf9d98642999a15ada1e6cecc015d164a1415a65562fe66', '2026-12-02 20:17:05.670318+00');
INSERT INTO public.streams VALUES ('req-01a23867-54c8-7b3b-8e45-889db99cdd7a', 'request', 2, 'f3796998-0e67-4689-b973-64fde4e43260', '\xc99c7b4e3ac849e3967ec4d8fa6b9c6cdb77800402c54b532870a997cae06584', '2026-12-02 20:17:05.76901+00');
INSERT INTO public.streams VALUES ('req-01a23867-54fc-792e-9fdc-71e293d8158a', 'request', 2, 'f3796998-0e67-4689-b973-64fde4e43260', '\xddfad8f0cdf70b3abda68860e145186546674e659bd599d1683aafe41d2f210c', '2026-12-02 20:17:05.824043+00');
INSERT INTO public.streams VALUES ('req-01a23867-5538-7efc-af3c-1e6e4a0ec3ce', 'request', 2, 'f3796998-0e67-4689-b973-64fde4e43260', '\x8082a48b188cea563a07b0fa31e45c4016c87612a8be53ee9c5a6babe5562641', '2026-12-02 20:17:05.880045+00');
INSERT INTO public.streams VALUES ('req-01a23867-5572-7eee-9b2a-309196553b2d', 'request', 2, '9ebffd7e-830d-4dbd-8ce0-5612dd516c05', '\xe4f0290419c60a97868089319b7d699fe21b6301bbe45acb5d7141d22e20f91a', '2026-12-02 20:17:05.944035+00');
INSERT INTO public.streams VALUES ('req-01a23867-55bd-7722-8b50-3abeb749226c', 'request', 2, '9ebffd7e-830d-4dbd-8ce0-5612dd516c05', '\x90028414cb5eb69d0e92c8d3cfb9c8a183427b0fca0ffd0093eec41907c010b7', '2026-12-02 20:17:06.014596+00');
INSERT INTO public.streams VALUES ('req-01a23867-55f4-7629-8012-7858902cfcaa', 'request', 1, 'f3796998-0e67-4689-b973-64fde4e43260', '\xf5395f6274c0cb8532d65aa2b9925e79858f141fcbba70ecbeadd386b3f47620', '2026-12-02 20:17:06.044057+00');
INSERT INTO public.streams VALUES ('key-665349e9-fbd7-4f2b-97a4-790f6593f79a', 'key', 2, '9ebffd7e-830d-4dbd-8ce0-5612dd516c05', '\xc27edf333673941ca14a241e1b9d375906579f2eb7a0e4ee6c91e25aebce9caa', '2026-12-02 20:17:02.287084+00');
INSERT INTO public.streams VALUES ('org-9ebffd7e-830d-4dbd-8ce0-5612dd516c05', 'org', 5, '9ebffd7e-830d-4dbd-8ce0-5612dd516c05', '\xc53748e029f403bcbb6564d56831fd8da0ab08976354038bd0754302b673ac68', '2026-12-02 20:17:00.152308+00');
INSERT INTO public.streams VALUES ('req-01a23867-582c-75bc-977f-8e20c2c68ab3', 'request', 1, '9ebffd7e-830d-4dbd-8ce0-5612dd516c05', '\xc7974eca51a611fd8a6828ac20961638c2b373d928d44a67f964e6fa95ff8777', '2026-12-02 20:17:06.606177+00');


--
-- Data for Name: usage_hourly; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.usage_hourly VALUES ('f3796998-0e67-4689-b973-64fde4e43260', '2026-12-02 20:00:00+00', '2026-12-02', '0283d676-e3d2-4623-a60d-f14aae9fc1e5', 'mistral-lg', 'sim-scaleway', 1, 12, 19, 0.0001242, 0.000143);
INSERT INTO public.usage_hourly VALUES ('f3796998-0e67-4689-b973-64fde4e43260', '2026-12-02 20:00:00+00', '2026-12-02', '0283d676-e3d2-4623-a60d-f14aae9fc1e5', 'claude-4', 'sim-azure-eu', 1, 12, 19, 0.00029532, 0.000340);
INSERT INTO public.usage_hourly VALUES ('f3796998-0e67-4689-b973-64fde4e43260', '2026-12-02 20:00:00+00', '2026-12-02', '0283d676-e3d2-4623-a60d-f14aae9fc1e5', 'gpt-5.1', 'sim-scaleway', 2, 24, 38, 0.0003494, 0.000402);
INSERT INTO public.usage_hourly VALUES ('9ebffd7e-830d-4dbd-8ce0-5612dd516c05', '2026-12-02 19:30:00+00', '2026-12-03', '5fb5de99-35dd-4207-a8bf-df4bb4fbe892', 'gpt-5.1', 'sim-mumbai', 2, 17, 22, 0.02057, 0.02057);


--
-- Data for Name: usage_orgs; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.usage_orgs VALUES ('f3796998-0e67-4689-b973-64fde4e43260', 'EUR', 'Europe/Paris');
INSERT INTO public.usage_orgs VALUES ('9ebffd7e-830d-4dbd-8ce0-5612dd516c05', 'INR', 'Asia/Kolkata');


--
-- Name: events_seq_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.events_seq_seq', 35, true);


--
-- Name: activity_keys activity_keys_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.activity_keys
    ADD CONSTRAINT activity_keys_pkey PRIMARY KEY (key_id);


--
-- Name: activity activity_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.activity
    ADD CONSTRAINT activity_pkey PRIMARY KEY (request_id);


--
-- Name: admission_keys admission_keys_key_hash_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.admission_keys
    ADD CONSTRAINT admission_keys_key_hash_key UNIQUE (key_hash);


--
-- Name: admission_keys admission_keys_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.admission_keys
    ADD CONSTRAINT admission_keys_pkey PRIMARY KEY (key_id);


--
-- Name: admission_orgs admission_orgs_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.admission_orgs
    ADD CONSTRAINT admission_orgs_pkey PRIMARY KEY (org_id);


--
-- Name: client_address_counts client_address_counts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.client_address_counts
    ADD CONSTRAINT client_address_counts_pkey PRIMARY KEY (action, address, hour);


--
-- Name: events events_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.events
    ADD CONSTRAINT events_id_key UNIQUE (id);


--
-- Name: events events_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.events
    ADD CONSTRAINT events_pkey PRIMARY KEY (seq);


--
-- Name: events events_stream_version_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.events
    ADD CONSTRAINT events_stream_version_key UNIQUE (stream_id, version);


--
-- Name: invoice_credits invoice_credits_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invoice_credits
    ADD CONSTRAINT invoice_credits_pkey PRIMARY KEY (org_id, month);


--
-- Name: invoice_lines invoice_lines_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invoice_lines
    ADD CONSTRAINT invoice_lines_pkey PRIMARY KEY (org_id, month, model);


--
-- Name: invoice_orgs invoice_orgs_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invoice_orgs
    ADD CONSTRAINT invoice_orgs_pkey PRIMARY KEY (org_id);


--
-- Name: open_reservations open_reservations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.open_reservations
    ADD CONSTRAINT open_reservations_pkey PRIMARY KEY (request_id);


--
-- Name: org_personal_data org_personal_data_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.org_personal_data
    ADD CONSTRAINT org_personal_data_pkey PRIMARY KEY (org_id);


--
-- Name: projection_checkpoints projection_checkpoints_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.projection_checkpoints
    ADD CONSTRAINT projection_checkpoints_pkey PRIMARY KEY (name);


--
-- Name: schema_migrations schema_migrations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (version);


--
-- Name: streams streams_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.streams
    ADD CONSTRAINT streams_pkey PRIMARY KEY (id);


--
-- Name: usage_hourly usage_hourly_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.usage_hourly
    ADD CONSTRAINT usage_hourly_pkey PRIMARY KEY (org_id, hour, key_id, model, provider);


--
-- Name: usage_orgs usage_orgs_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.usage_orgs
    ADD CONSTRAINT usage_orgs_pkey PRIMARY KEY (org_id);


--
-- Name: activity_org_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX activity_org_at ON public.activity USING btree (org_id, at DESC, request_id DESC);


--
-- Name: activity_org_key_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX activity_org_key_at ON public.activity USING btree (org_id, key_id, at DESC, request_id DESC);


--
-- Name: activity_org_model_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX activity_org_model_at ON public.activity USING btree (org_id, model, at DESC, request_id DESC);


--
-- Name: activity_org_provider_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX activity_org_provider_at ON public.activity USING btree (org_id, provider, at DESC, request_id DESC);


--
-- Name: activity_org_status_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX activity_org_status_at ON public.activity USING btree (org_id, status, at DESC, request_id DESC);


--
-- Name: admission_keys_org; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX admission_keys_org ON public.admission_keys USING btree (org_id);


--
-- Name: client_address_counts_hour_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX client_address_counts_hour_idx ON public.client_address_counts USING btree (hour);


--
-- Name: events_tx_seq_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX events_tx_seq_idx ON public.events USING btree (tx_id, seq);


--
-- Name: open_reservations_admitted; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX open_reservations_admitted ON public.open_reservations USING btree (admitted_at);


--
-- Name: usage_hourly_org_date; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX usage_hourly_org_date ON public.usage_hourly USING btree (org_id, local_date);


--
-- PostgreSQL database dump complete
--

\unrestrict 3wl3Gr7Hh8Ifjt8qCTAqdT3R6A5UuQOS6Uk03lSxS9V4MTyHA7FeqIbFPwpsyZS

