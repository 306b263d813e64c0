-- pgconform example: the chat application's DigitalOcean database, AFTER a correct migration.
--
-- This is examples/digitalocean_legacy.sql brought to the target declared in
-- expected_schema.yaml (database "digitalocean"); `pgconform check` passes on it:
--   * conversations.id, session_id and user_id are uuid; id defaults to gen_random_uuid();
--     conversations carries metadata (title, message_count, last_message_at) and no longer
--     question / response / preview;
--   * messages holds the exchanges, one row per message, with a FK to conversations
--     (ON DELETE CASCADE); messages.seq orders messages that share a created_at;
--   * the four functions, the trigger update_conversation_on_message_insert and the view
--     conversation_stats exist, with the same text as the files under sql/;
--   * invitations, invitations_cache and questions_cache are gone;
--   * each legacy conversation's question and response became two messages, as
--     sql/migrate_legacy_messages.sql does (migration run at 2025-10-11 09:30 UTC).
--
-- Load into an empty database (PostgreSQL 13 or later):
--   psql -v ON_ERROR_STOP=1 -d <db> -f examples/digitalocean_migrated.sql
-- Plain SQL (no psql meta-commands, no COPY); fixed data (no random values).

CREATE EXTENSION IF NOT EXISTS pgcrypto;

-- ---------------------------------------------------------------------------
-- Conversations and messages
-- ---------------------------------------------------------------------------

CREATE TABLE public.conversations (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    session_id      uuid,
    user_id         uuid,         -- a Supabase auth.users id
    title           text,         -- set from the first user message when NULL
    message_count   integer NOT NULL DEFAULT 0,
    last_message_at timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conversations_user_id_created_at_idx ON public.conversations (user_id, created_at);

CREATE TABLE public.messages (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    conversation_id uuid NOT NULL REFERENCES public.conversations (id) ON DELETE CASCADE,
    role            text NOT NULL CHECK (role IN ('user', 'assistant', 'system')),
    content         text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    -- Insertion order. Messages written in one transaction share created_at (now() is
    -- the transaction's start time) and ids are random, so conversations are read
    -- ORDER BY created_at, seq.
    seq             bigint GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX messages_conversation_id_created_at_idx ON public.messages (conversation_id, created_at);

-- ---------------------------------------------------------------------------
-- Billing
-- ---------------------------------------------------------------------------

CREATE TABLE public.billing_plans (
    id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    code                  text NOT NULL UNIQUE,
    name                  text NOT NULL,
    monthly_price         numeric(10,2) NOT NULL,
    currency              char(3) NOT NULL DEFAULT 'EUR',
    monthly_request_quota integer,          -- NULL: unlimited
    monthly_token_quota   bigint,           -- NULL: unlimited
    features              jsonb NOT NULL DEFAULT '{}',
    is_active             boolean NOT NULL DEFAULT true,
    created_at            timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.user_billing_info (
    user_id              uuid PRIMARY KEY,  -- a Supabase auth.users id
    plan_id              uuid NOT NULL REFERENCES public.billing_plans (id),
    stripe_customer_id   text UNIQUE,
    billing_email        text NOT NULL,
    country_code         char(2),
    vat_number           text,
    current_period_start date,
    current_period_end   date,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.monthly_invoices (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    invoice_number  text NOT NULL UNIQUE,
    user_id         uuid NOT NULL REFERENCES public.user_billing_info (user_id),
    plan_id         uuid NOT NULL REFERENCES public.billing_plans (id),
    period_start    date NOT NULL,
    period_end      date NOT NULL,
    amount_excl_tax numeric(10,2) NOT NULL,
    tax_amount      numeric(10,2) NOT NULL DEFAULT 0,
    amount_total    numeric(10,2) NOT NULL,
    currency        char(3) NOT NULL DEFAULT 'EUR',
    status          text NOT NULL DEFAULT 'draft'
                    CHECK (status IN ('draft', 'open', 'paid', 'void', 'uncollectible')),
    line_items      jsonb NOT NULL DEFAULT '[]',
    issued_at       timestamptz,
    paid_at         timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, period_start)
);

CREATE TABLE public.monthly_usage_tracking (
    user_id           uuid NOT NULL,
    month             date NOT NULL CHECK (extract(day FROM month) = 1),
    request_count     integer NOT NULL DEFAULT 0,
    prompt_tokens     bigint NOT NULL DEFAULT 0,
    completion_tokens bigint NOT NULL DEFAULT 0,
    cost_usd          numeric(12,6) NOT NULL DEFAULT 0,
    quota_exceeded_at timestamptz,
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, month)
);

CREATE TABLE public.quota_audit_log (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      uuid NOT NULL,
    action       text NOT NULL
                 CHECK (action IN ('quota_set', 'quota_raised', 'quota_exceeded', 'quota_reset')),
    old_quota    integer,
    new_quota    integer,
    reason       text,
    performed_by uuid,
    details      jsonb NOT NULL DEFAULT '{}',
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX quota_audit_log_user_id_created_at_idx ON public.quota_audit_log (user_id, created_at);

-- ---------------------------------------------------------------------------
-- OpenAI usage and costs
-- ---------------------------------------------------------------------------

CREATE TABLE public.openai_api_calls (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id        text UNIQUE,
    user_id           uuid,
    endpoint          text NOT NULL,
    model             text NOT NULL,
    prompt_tokens     integer NOT NULL DEFAULT 0,
    completion_tokens integer NOT NULL DEFAULT 0,
    cost_usd          numeric(12,6) NOT NULL DEFAULT 0,
    latency_ms        integer,
    status_code       smallint,
    error_message     text,
    created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX openai_api_calls_user_id_created_at_idx ON public.openai_api_calls (user_id, created_at);

CREATE TABLE public.openai_usage (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id           uuid NOT NULL,
    usage_date        date NOT NULL,
    model             text NOT NULL,
    request_count     integer NOT NULL DEFAULT 0,
    prompt_tokens     bigint NOT NULL DEFAULT 0,
    completion_tokens bigint NOT NULL DEFAULT 0,
    total_tokens      bigint GENERATED ALWAYS AS (prompt_tokens + completion_tokens) STORED,
    cost_usd          numeric(12,6) NOT NULL DEFAULT 0,
    UNIQUE (user_id, usage_date, model)
);

CREATE TABLE public.openai_costs_cache (
    model                     text PRIMARY KEY,
    input_cost_per_1k_tokens  numeric(10,6) NOT NULL,
    output_cost_per_1k_tokens numeric(10,6) NOT NULL,
    currency                  char(3) NOT NULL DEFAULT 'USD',
    source                    text,
    fetched_at                timestamptz NOT NULL DEFAULT now(),
    expires_at                timestamptz NOT NULL
);

CREATE TABLE public.daily_openai_summary (
    summary_date      date NOT NULL,
    model             text NOT NULL,
    request_count     integer NOT NULL DEFAULT 0,
    error_count       integer NOT NULL DEFAULT 0,
    prompt_tokens     bigint NOT NULL DEFAULT 0,
    completion_tokens bigint NOT NULL DEFAULT 0,
    total_cost_usd    numeric(12,6) NOT NULL DEFAULT 0,
    avg_latency_ms    numeric(10,2),
    created_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (summary_date, model)
);

-- ---------------------------------------------------------------------------
-- Caches and dashboard statistics
-- ---------------------------------------------------------------------------

CREATE TABLE public.analytics_cache (
    cache_key   text PRIMARY KEY,
    payload     jsonb NOT NULL,
    computed_at timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL
);

CREATE TABLE public.statistics_cache (
    id          serial PRIMARY KEY,
    stat_name   text NOT NULL,
    scope       text NOT NULL DEFAULT 'global',
    value       jsonb NOT NULL,
    computed_at timestamptz NOT NULL DEFAULT now(),
    ttl_seconds integer NOT NULL DEFAULT 300,
    UNIQUE (stat_name, scope)
);

CREATE TABLE public.dashboard_stats_lite (
    id                    smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),  -- a single row
    total_users           integer NOT NULL,
    active_users_7d       integer NOT NULL,
    total_conversations   integer NOT NULL,
    conversations_today   integer NOT NULL,
    openai_cost_month_usd numeric(12,2) NOT NULL,
    refreshed_at          timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.dashboard_stats_snapshot (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    snapshot_date date NOT NULL UNIQUE,
    stats         jsonb NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- ---------------------------------------------------------------------------
-- Operations
-- ---------------------------------------------------------------------------

CREATE TABLE public.server_performance_metrics (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    recorded_at         timestamptz NOT NULL DEFAULT now(),
    host                text NOT NULL,
    cpu_percent         numeric(5,2),
    memory_used_mb      integer,
    db_connections      integer,
    p50_latency_ms      numeric(10,2),
    p95_latency_ms      numeric(10,2),
    requests_per_minute integer,
    extra               jsonb
);
CREATE INDEX server_performance_metrics_recorded_at_idx
    ON public.server_performance_metrics USING brin (recorded_at);

CREATE TABLE public.system_errors (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    severity    text NOT NULL DEFAULT 'error' CHECK (severity IN ('warning', 'error', 'critical')),
    source      text NOT NULL,
    error_code  text,
    message     text NOT NULL,
    stack_trace text,
    context     jsonb NOT NULL DEFAULT '{}',
    user_id     uuid,
    resolved    boolean NOT NULL DEFAULT false,
    resolved_at timestamptz
);
CREATE INDEX system_errors_unresolved_idx ON public.system_errors (occurred_at) WHERE NOT resolved;

CREATE TABLE public.user_sessions (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id      uuid NOT NULL,  -- a Supabase auth.users id
    started_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    ip_address   inet,
    user_agent   text,
    metadata     jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX user_sessions_user_id_idx ON public.user_sessions (user_id);

-- ===========================================================================
-- Data (loaded before the trigger exists, so the metadata below is exactly
-- what the migration left: two messages per legacy conversation)
-- ===========================================================================

INSERT INTO public.conversations (id, session_id, user_id, title, message_count, last_message_at, created_at, updated_at) VALUES
    ('1ee1b20b-22c5-4521-ab29-83abe4f800ff', 'f9a084bf-02b8-410c-a6ba-f00ac68680c5', '100120dc-f29e-4a58-95d6-e5acb5596e58',
     'How do I convert a text column to uuid in PostgreSQL?',
     2, '2025-08-04 08:12:31.001+00', '2025-08-04 08:12:31+00', '2025-10-11 09:30:00+00'),
    ('d59f53ca-f44f-4a93-a5e4-33c4f52d362c', 'f9a084bf-02b8-410c-a6ba-f00ac68680c5', '100120dc-f29e-4a58-95d6-e5acb5596e58',
     'What does ON DELETE CASCADE do on a foreign key?',
     2, '2025-08-04 08:20:02.001+00', '2025-08-04 08:20:02+00', '2025-10-11 09:30:00+00'),
    ('5edbcc86-0497-4a0b-9ace-caec12da8a0f', '72395b35-0168-4a88-a114-c7a0b97c9a33', '0f76e67c-d6f8-4e51-9c0d-7629e1bc1834',
     'Can you summarise the benefits of a monthly billing plan?',
     2, '2025-08-06 14:03:55.001+00', '2025-08-06 14:03:55+00', '2025-10-11 09:30:00+00'),
    ('690e94d3-7513-4cea-912c-01b37a5f0075', '72395b35-0168-4a88-a114-c7a0b97c9a33', '0f76e67c-d6f8-4e51-9c0d-7629e1bc1834',
     'What''s the difference between prompt tokens and completion tokens?',
     2, '2025-08-06 14:09:40.001+00', '2025-08-06 14:09:40+00', '2025-10-11 09:30:00+00'),
    ('514eb5fb-d0c9-4197-b48c-755bb7b3456e', '8d0edefc-5619-4af4-9be5-7f2bd14f9a3f', 'c3076b69-c9b9-4605-bfcd-1c47958a8328',
     'Écris-moi un haïku sur l''automne.',
     2, '2025-08-11 09:45:12.001+00', '2025-08-11 09:45:12+00', '2025-10-11 09:30:00+00'),
    ('a7d3136c-b049-4a27-b06b-6daaae823a7d', '8d0edefc-5619-4af4-9be5-7f2bd14f9a3f', 'c3076b69-c9b9-4605-bfcd-1c47958a8328',
     'Translate "see you tomorrow" into Spanish and German.',
     2, '2025-08-11 09:51:30.001+00', '2025-08-11 09:51:30+00', '2025-10-11 09:30:00+00'),
    ('187d9fc3-e156-408a-9471-035008c88b1c', '75c0d4e4-be57-40f3-9815-e4d8cdead94a', '2adc6444-4040-40cd-b98d-70f5b883d27e',
     'Why is my Python list comprehension slower than map()?',
     2, '2025-08-19 17:30:00.001+00', '2025-08-19 17:30:00+00', '2025-10-11 09:30:00+00'),
    ('5e84f7d4-6157-4d1e-bbf6-a5a60f430c93', '75c0d4e4-be57-40f3-9815-e4d8cdead94a', '2adc6444-4040-40cd-b98d-70f5b883d27e',
     'How do I read a CSV file with pandas and skip the first two rows?',
     2, '2025-08-19 17:42:18.001+00', '2025-08-19 17:42:18+00', '2025-10-11 09:30:00+00'),
    ('c323360e-0622-430e-9897-ab7cc1a7a3de', 'a0e3c55d-8088-4a20-84fb-c3c886b7b820', 'a24a7128-6fab-44d5-96e3-c818986d1794',
     'Give me three ideas for a team offsite in October.',
     2, '2025-08-25 11:02:47.001+00', '2025-08-25 11:02:47+00', '2025-10-11 09:30:00+00'),
    ('9a4a314a-887e-4a67-ab02-ff8dfa76c960', 'a0e3c55d-8088-4a20-84fb-c3c886b7b820', 'a24a7128-6fab-44d5-96e3-c818986d1794',
     'What is a good way to structure a weekly status email?',
     2, '2025-08-25 11:15:09.001+00', '2025-08-25 11:15:09+00', '2025-10-11 09:30:00+00'),
    ('db64c24d-e023-4bea-8c86-8cc40cea6bd4', '41cf6293-d0d7-406a-9763-990147f5047e', '100120dc-f29e-4a58-95d6-e5acb5596e58',
     'Explain what a PostgreSQL trigger FOR EACH ROW is.',
     2, '2025-09-02 07:58:21.001+00', '2025-09-02 07:58:21+00', '2025-10-11 09:30:00+00'),
    ('cd98c138-601a-4535-a51d-760e4211a500', '41cf6293-d0d7-406a-9763-990147f5047e', '100120dc-f29e-4a58-95d6-e5acb5596e58',
     'How should I index a messages table that I read by conversation in order?',
     2, '2025-09-02 08:05:44.001+00', '2025-09-02 08:05:44+00', '2025-10-11 09:30:00+00'),
    ('1c0b2f60-e229-4484-be3a-d9aff87ea81f', 'f47539c2-7b8b-427d-8500-9feee416168e', '0f76e67c-d6f8-4e51-9c0d-7629e1bc1834',
     'Is it safe to store invoice amounts as float?',
     2, '2025-09-09 16:21:37.001+00', '2025-09-09 16:21:37+00', '2025-10-11 09:30:00+00'),
    ('d51b2208-82d9-4992-b392-e7081b94e93e', 'f47539c2-7b8b-427d-8500-9feee416168e', '0f76e67c-d6f8-4e51-9c0d-7629e1bc1834',
     'What does VAT reverse charge mean for B2B invoices in the EU?',
     2, '2025-09-09 16:33:03.001+00', '2025-09-09 16:33:03+00', '2025-10-11 09:30:00+00'),
    ('30954e99-680f-4a41-961e-4b7f873d75c1', 'd861668a-7dcf-4ad0-a687-bfeacd972ab4', 'c3076b69-c9b9-4605-bfcd-1c47958a8328',
     'Suggest a name for a cat who likes to sleep in boxes.',
     2, '2025-09-15 10:10:10.001+00', '2025-09-15 10:10:10+00', '2025-10-11 09:30:00+00'),
    ('07b303a7-b25c-41ac-88bb-531a32c31db0', 'ff04f03d-405b-4e39-ad51-45b3ad757cae', '2adc6444-4040-40cd-b98d-70f5b883d27e',
     'Why does my Docker container exit immediately?',
     2, '2025-09-22 19:04:26.001+00', '2025-09-22 19:04:26+00', '2025-10-11 09:30:00+00'),
    ('f44872e1-84af-4105-8c01-97b198c31795', 'ff04f03d-405b-4e39-ad51-45b3ad757cae', '2adc6444-4040-40cd-b98d-70f5b883d27e',
     'How do I keep a pandas DataFrame''s index when saving to Parquet?',
     2, '2025-09-22 19:12:55.001+00', '2025-09-22 19:12:55+00', '2025-10-11 09:30:00+00'),
    ('32fe4e25-d7b3-4cec-80e7-d0dc6dced5e3', 'e2e8d47d-fa94-4946-80a2-045305ab6ea1', 'a24a7128-6fab-44d5-96e3-c818986d1794',
     'Rewrite this sentence to be more concise: "At this point in time we are not in a',
     2, '2025-10-01 13:37:00.001+00', '2025-10-01 13:37:00+00', '2025-10-11 09:30:00+00'),
    ('d2e53fc4-28b7-47b7-aab1-ce031cb05d3a', 'e2e8d47d-fa94-4946-80a2-045305ab6ea1', 'a24a7128-6fab-44d5-96e3-c818986d1794',
     'What are the OpenAI rate limits measured in?',
     2, '2025-10-06 09:00:12.001+00', '2025-10-06 09:00:12+00', '2025-10-11 09:30:00+00'),
    ('6bad8403-60d7-4a65-887b-2c2670652db2', 'd861668a-7dcf-4ad0-a687-bfeacd972ab4', 'c3076b69-c9b9-4605-bfcd-1c47958a8328',
     'Can you explain what an idempotent migration is?',
     2, '2025-10-09 21:48:33.001+00', '2025-10-09 21:48:33+00', '2025-10-11 09:30:00+00');

-- Messages carried over from the legacy question / response columns: the question
-- at the conversation's created_at, the response one millisecond later.
INSERT INTO public.messages (id, conversation_id, role, content, created_at) VALUES
    ('15936eb4-6db5-43f3-9004-7850ac66b739', '1ee1b20b-22c5-4521-ab29-83abe4f800ff', 'user',
     'How do I convert a text column to uuid in PostgreSQL?',
     '2025-08-04 08:12:31+00'),
    ('5a5552c8-a27e-48be-b2d7-5dd4739c04e3', '1ee1b20b-22c5-4521-ab29-83abe4f800ff', 'assistant',
     'Use ALTER TABLE ... ALTER COLUMN id TYPE uuid USING id::uuid. Check first that every value is a valid UUID, otherwise the cast fails and the whole statement is rolled back.',
     '2025-08-04 08:12:31.001+00'),
    ('da054e8e-eaac-4c03-8078-3b8d044262d4', 'd59f53ca-f44f-4a93-a5e4-33c4f52d362c', 'user',
     'What does ON DELETE CASCADE do on a foreign key?',
     '2025-08-04 08:20:02+00'),
    ('a3d15a73-d041-4d80-8fb7-59b197a22577', 'd59f53ca-f44f-4a93-a5e4-33c4f52d362c', 'assistant',
     'When a referenced row is deleted, the rows that reference it are deleted too. Deleting a conversation then deletes its messages.',
     '2025-08-04 08:20:02.001+00'),
    ('03473cad-a044-48c3-a4ae-9f595fac005b', '5edbcc86-0497-4a0b-9ace-caec12da8a0f', 'user',
     'Can you summarise the benefits of a monthly billing plan?',
     '2025-08-06 14:03:55+00'),
    ('93c19b1f-38aa-4c9c-aa0a-c0792702fb25', '5edbcc86-0497-4a0b-9ace-caec12da8a0f', 'assistant',
     'A monthly plan gives a predictable cost, a usage quota that resets every month, and invoices you can reconcile with your accounting.',
     '2025-08-06 14:03:55.001+00'),
    ('d76b188c-5aa0-4f93-b02a-c11e54504481', '690e94d3-7513-4cea-912c-01b37a5f0075', 'user',
     'What''s the difference between prompt tokens and completion tokens?',
     '2025-08-06 14:09:40+00'),
    ('2a5cdf5b-a5d3-4d75-a88f-dd2715e7b3db', '690e94d3-7513-4cea-912c-01b37a5f0075', 'assistant',
     'Prompt tokens are the tokens you send (instructions, context, the question); completion tokens are the ones the model generates. They are usually priced differently.',
     '2025-08-06 14:09:40.001+00'),
    ('081e8639-59c6-4bf7-9e0c-9cc1eece7839', '514eb5fb-d0c9-4197-b48c-755bb7b3456e', 'user',
     'Écris-moi un haïku sur l''automne.',
     '2025-08-11 09:45:12+00'),
    ('f6b880ae-c3c0-4c6b-affa-1d8592ede066', '514eb5fb-d0c9-4197-b48c-755bb7b3456e', 'assistant',
     'Feuilles qui tournoient,
le vent compte ses pièces d''or —
le parc se dépouille.',
     '2025-08-11 09:45:12.001+00'),
    ('99373022-c808-491b-9768-cf745cf5b25c', 'a7d3136c-b049-4a27-b06b-6daaae823a7d', 'user',
     'Translate "see you tomorrow" into Spanish and German.',
     '2025-08-11 09:51:30+00'),
    ('dbaccd04-5c6c-4e4e-93c3-e7584a90b458', 'a7d3136c-b049-4a27-b06b-6daaae823a7d', 'assistant',
     'Spanish: "hasta mañana". German: "bis morgen".',
     '2025-08-11 09:51:30.001+00'),
    ('dd1839ab-0375-43d9-a6f2-7976f13335ff', '187d9fc3-e156-408a-9471-035008c88b1c', 'user',
     'Why is my Python list comprehension slower than map()?',
     '2025-08-19 17:30:00+00'),
    ('59b41ee8-57b5-43f0-9113-a67809dbb790', '187d9fc3-e156-408a-9471-035008c88b1c', 'assistant',
     'It usually is not: for a lambda, map() pays a function call per item just like the comprehension. Measure with timeit; differences under 10% are noise.',
     '2025-08-19 17:30:00.001+00'),
    ('c2de106e-6ab2-4401-bbf0-8a6350c88deb', '5e84f7d4-6157-4d1e-bbf6-a5a60f430c93', 'user',
     'How do I read a CSV file with pandas and skip the first two rows?',
     '2025-08-19 17:42:18+00'),
    ('88bb6879-098c-4510-b3bf-2fde3ff6a47d', '5e84f7d4-6157-4d1e-bbf6-a5a60f430c93', 'assistant',
     'pd.read_csv("data.csv", skiprows=2) skips the first two lines; pass header=None if the file has no header row after them.',
     '2025-08-19 17:42:18.001+00'),
    ('624bb576-c2f4-4a63-939b-ba4cf53282e4', 'c323360e-0622-430e-9897-ab7cc1a7a3de', 'user',
     'Give me three ideas for a team offsite in October.',
     '2025-08-25 11:02:47+00'),
    ('08bb3add-32ea-4647-a9c1-884dcc24d6f2', 'c323360e-0622-430e-9897-ab7cc1a7a3de', 'assistant',
     '1. A cooking class followed by a shared dinner.
2. A guided hike with a picnic.
3. A half-day workshop on the roadmap, then an escape room.',
     '2025-08-25 11:02:47.001+00'),
    ('8001b084-5141-4c84-bce7-701f3c7d5502', '9a4a314a-887e-4a67-ab02-ff8dfa76c960', 'user',
     'What is a good way to structure a weekly status email?',
     '2025-08-25 11:15:09+00'),
    ('eddefa6a-1468-42d1-8a9a-9d4786cfa15f', '9a4a314a-887e-4a67-ab02-ff8dfa76c960', 'assistant',
     'Three short sections: done this week, planned next week, blockers or decisions needed. Lead with what the reader must act on.',
     '2025-08-25 11:15:09.001+00'),
    ('8b7e57ca-dc2f-4561-a48f-c23ca688ae7a', 'db64c24d-e023-4bea-8c86-8cc40cea6bd4', 'user',
     'Explain what a PostgreSQL trigger FOR EACH ROW is.',
     '2025-09-02 07:58:21+00'),
    ('e732a077-5d8d-4212-a96d-ecc059262619', 'db64c24d-e023-4bea-8c86-8cc40cea6bd4', 'assistant',
     'A row-level trigger runs its function once per affected row, with NEW and OLD holding the row''s values; an AFTER trigger sees the row already written.',
     '2025-09-02 07:58:21.001+00'),
    ('be8d5964-4049-4f3b-aa85-ad9e756244f0', 'cd98c138-601a-4535-a51d-760e4211a500', 'user',
     'How should I index a messages table that I read by conversation in order?',
     '2025-09-02 08:05:44+00'),
    ('d3dbb79f-eb34-4f78-a4e9-4483524b8885', 'cd98c138-601a-4535-a51d-760e4211a500', 'assistant',
     'A btree index on (conversation_id, created_at) serves both the filter and the order; add a tiebreak column if several messages can share a timestamp.',
     '2025-09-02 08:05:44.001+00'),
    ('44bc2c49-ca4e-4ea2-83e8-2d5808c83a07', '1c0b2f60-e229-4484-be3a-d9aff87ea81f', 'user',
     'Is it safe to store invoice amounts as float?',
     '2025-09-09 16:21:37+00'),
    ('083bcfe9-54e2-4eac-83b8-71393cb515df', '1c0b2f60-e229-4484-be3a-d9aff87ea81f', 'assistant',
     'No: binary floats cannot represent most decimal amounts exactly. Use numeric with a fixed scale, e.g. numeric(10,2), or integer cents.',
     '2025-09-09 16:21:37.001+00'),
    ('dc892e02-24f9-4d6c-8811-2349e061dbbd', 'd51b2208-82d9-4992-b392-e7081b94e93e', 'user',
     'What does VAT reverse charge mean for B2B invoices in the EU?',
     '2025-09-09 16:33:03+00'),
    ('252e12f0-fc4e-4a5c-9ad5-9862569f30c3', 'd51b2208-82d9-4992-b392-e7081b94e93e', 'assistant',
     'The customer, not the supplier, accounts for the VAT. The invoice shows no VAT and mentions "reverse charge" with both parties'' VAT numbers.',
     '2025-09-09 16:33:03.001+00'),
    ('ea0802cc-0d53-430d-a8ae-ffaa1ef058a6', '30954e99-680f-4a41-961e-4b7f873d75c1', 'user',
     'Suggest a name for a cat who likes to sleep in boxes.',
     '2025-09-15 10:10:10+00'),
    ('b4510b03-496b-422d-b26e-d3eb389a1de5', '30954e99-680f-4a41-961e-4b7f873d75c1', 'assistant',
     'Carton, Parcel, or Box Office.',
     '2025-09-15 10:10:10.001+00'),
    ('4a7f5644-2d35-4ca9-8866-d305116d0286', '07b303a7-b25c-41ac-88bb-531a32c31db0', 'user',
     'Why does my Docker container exit immediately?',
     '2025-09-22 19:04:26+00'),
    ('ae4cec97-d0f6-4a5d-98e9-ce607b9ec03b', '07b303a7-b25c-41ac-88bb-531a32c31db0', 'assistant',
     'Its main process finished. A container lives as long as PID 1; run a long-lived foreground process, or check `docker logs` for the error that ended it.',
     '2025-09-22 19:04:26.001+00'),
    ('6e1f1c87-2af3-4402-9bf4-b3cba422a64c', 'f44872e1-84af-4105-8c01-97b198c31795', 'user',
     'How do I keep a pandas DataFrame''s index when saving to Parquet?',
     '2025-09-22 19:12:55+00'),
    ('b7ec675f-fd54-4d1e-914a-a1705e562d3f', 'f44872e1-84af-4105-8c01-97b198c31795', 'assistant',
     'df.to_parquet("out.parquet", index=True) stores the index; read_parquet restores it.',
     '2025-09-22 19:12:55.001+00'),
    ('7a465a01-0965-4485-9000-90cb20de8a3a', '32fe4e25-d7b3-4cec-80e7-d0dc6dced5e3', 'user',
     'Rewrite this sentence to be more concise: "At this point in time we are not in a position to confirm."',
     '2025-10-01 13:37:00+00'),
    ('29cd996d-f4a6-4b45-a585-4b1442bca7bd', '32fe4e25-d7b3-4cec-80e7-d0dc6dced5e3', 'assistant',
     '"We cannot confirm yet."',
     '2025-10-01 13:37:00.001+00'),
    ('e2a1afa6-c953-4a89-9ab1-6fa487dc3852', 'd2e53fc4-28b7-47b7-aab1-ce031cb05d3a', 'user',
     'What are the OpenAI rate limits measured in?',
     '2025-10-06 09:00:12+00'),
    ('5513bc05-2256-4f32-85e1-5946fd410b00', 'd2e53fc4-28b7-47b7-aab1-ce031cb05d3a', 'assistant',
     'Requests per minute and tokens per minute, per model and per organisation; hitting either returns HTTP 429.',
     '2025-10-06 09:00:12.001+00'),
    ('95fb9a78-230a-4850-9179-673c7439c410', '6bad8403-60d7-4a65-887b-2c2670652db2', 'user',
     'Can you explain what an idempotent migration is?',
     '2025-10-09 21:48:33+00'),
    ('44249b9a-b7c6-450d-bee2-0d2e075f8f3f', '6bad8403-60d7-4a65-887b-2c2670652db2', 'assistant',
     'A migration you can run twice with the same result: the second run finds nothing to do. Guard inserts with NOT EXISTS and DDL with IF NOT EXISTS.',
     '2025-10-09 21:48:33.001+00');

-- Billing
INSERT INTO public.billing_plans (id, code, name, monthly_price, currency, monthly_request_quota, monthly_token_quota, features, is_active, created_at) VALUES
    ('eef64b50-aa8b-4b2d-a70f-edbe8f99270d', 'free', 'Free', 0.00, 'EUR', 100, 200000, '{"models": ["gpt-4o-mini"], "history_days": 30}', true, '2025-06-01 00:00:00+00'),
    ('ac303f58-2f3c-4a79-ae45-248dbe4fe261', 'pro', 'Pro', 19.90, 'EUR', 3000, 6000000, '{"models": ["gpt-4o-mini", "gpt-4o"], "history_days": 365}', true, '2025-06-01 00:00:00+00'),
    ('49ed0a90-f14c-43ae-b7e0-f5e514f7d524', 'team', 'Team', 79.00, 'EUR', NULL, NULL, '{"models": ["gpt-4o-mini", "gpt-4o"], "history_days": null, "seats": 10}', true, '2025-06-01 00:00:00+00');

INSERT INTO public.user_billing_info (user_id, plan_id, stripe_customer_id, billing_email, country_code, vat_number, current_period_start, current_period_end, created_at, updated_at) VALUES
    ('100120dc-f29e-4a58-95d6-e5acb5596e58', '49ed0a90-f14c-43ae-b7e0-f5e514f7d524', 'cus_R4nd0mAl1ce', 'alice.martin@example.com', 'FR', 'FR40123456789', '2025-10-01', '2025-10-31', '2025-07-15 10:00:00+00', '2025-10-01 00:00:05+00'),
    ('0f76e67c-d6f8-4e51-9c0d-7629e1bc1834', 'ac303f58-2f3c-4a79-ae45-248dbe4fe261', 'cus_Br8n0Lef3vre', 'bruno.lefevre@example.com', 'FR', NULL, '2025-10-01', '2025-10-31', '2025-07-15 10:00:00+00', '2025-10-01 00:00:05+00'),
    ('2adc6444-4040-40cd-b98d-70f5b883d27e', 'ac303f58-2f3c-4a79-ae45-248dbe4fe261', 'cus_D4v1dNgy3n', 'david.nguyen@example.com', 'BE', 'BE0123456749', '2025-10-01', '2025-10-31', '2025-07-15 10:00:00+00', '2025-10-01 00:00:05+00'),
    ('a24a7128-6fab-44d5-96e3-c818986d1794', 'eef64b50-aa8b-4b2d-a70f-edbe8f99270d', NULL, 'emma.schmidt@example.com', 'DE', NULL, '2025-10-01', '2025-10-31', '2025-07-15 10:00:00+00', '2025-10-01 00:00:05+00');

INSERT INTO public.monthly_invoices (id, invoice_number, user_id, plan_id, period_start, period_end, amount_excl_tax, tax_amount, amount_total, currency, status, line_items, issued_at, paid_at, created_at) VALUES
    ('7b7b3f14-62a3-48b8-8908-3905fe024a8f', 'INV-2025-08-0001', '100120dc-f29e-4a58-95d6-e5acb5596e58', '49ed0a90-f14c-43ae-b7e0-f5e514f7d524', '2025-08-01', '2025-08-31', 79.00, 0.00, 79.00, 'EUR', 'paid', '[{"description": "Team plan, 2025-08", "amount": 79.00}]', '2025-09-01 00:10:00+00', '2025-09-03 08:12:44+00', '2025-09-01 00:10:00+00'),
    ('6fcd0ee1-19cc-4842-8940-f85f82f8cad3', 'INV-2025-08-0002', '0f76e67c-d6f8-4e51-9c0d-7629e1bc1834', 'ac303f58-2f3c-4a79-ae45-248dbe4fe261', '2025-08-01', '2025-08-31', 19.90, 3.98, 23.88, 'EUR', 'paid', '[{"description": "Pro plan, 2025-08", "amount": 19.90}]', '2025-09-01 00:10:01+00', '2025-09-01 09:30:12+00', '2025-09-01 00:10:01+00'),
    ('b557df93-8f66-4766-82a7-86077cec6d5e', 'INV-2025-09-0001', '100120dc-f29e-4a58-95d6-e5acb5596e58', '49ed0a90-f14c-43ae-b7e0-f5e514f7d524', '2025-09-01', '2025-09-30', 79.00, 0.00, 79.00, 'EUR', 'paid', '[{"description": "Team plan, 2025-09", "amount": 79.00}]', '2025-10-01 00:10:00+00', '2025-10-02 07:45:00+00', '2025-10-01 00:10:00+00'),
    ('50ca6aab-47d4-4487-8600-b22f330d9088', 'INV-2025-09-0002', '0f76e67c-d6f8-4e51-9c0d-7629e1bc1834', 'ac303f58-2f3c-4a79-ae45-248dbe4fe261', '2025-09-01', '2025-09-30', 19.90, 3.98, 23.88, 'EUR', 'open', '[{"description": "Pro plan, 2025-09", "amount": 19.90}]', '2025-10-01 00:10:01+00', NULL, '2025-10-01 00:10:01+00'),
    ('ec6a731d-5e4a-4b8a-bb7e-f19b5cabc9a6', 'INV-2025-09-0003', '2adc6444-4040-40cd-b98d-70f5b883d27e', 'ac303f58-2f3c-4a79-ae45-248dbe4fe261', '2025-09-01', '2025-09-30', 19.90, 0.00, 19.90, 'EUR', 'open', '[{"description": "Pro plan, 2025-09", "amount": 19.90}]', '2025-10-01 00:10:02+00', NULL, '2025-10-01 00:10:02+00');

INSERT INTO public.monthly_usage_tracking (user_id, month, request_count, prompt_tokens, completion_tokens, cost_usd, quota_exceeded_at, updated_at) VALUES
    ('100120dc-f29e-4a58-95d6-e5acb5596e58', '2025-09-01', 412, 183204, 96512, 1.842310, NULL, '2025-09-30 23:59:00+00'),
    ('0f76e67c-d6f8-4e51-9c0d-7629e1bc1834', '2025-09-01', 388, 150977, 80123, 0.094512, NULL, '2025-09-30 23:59:00+00'),
    ('a24a7128-6fab-44d5-96e3-c818986d1794', '2025-09-01', 100, 41200, 20877, 0.018630, '2025-09-27 16:04:11+00', '2025-09-30 23:59:00+00'),
    ('100120dc-f29e-4a58-95d6-e5acb5596e58', '2025-10-01', 97, 40311, 21004, 0.402218, NULL, '2025-10-10 18:00:00+00'),
    ('2adc6444-4040-40cd-b98d-70f5b883d27e', '2025-10-01', 58, 22017, 9120, 0.008071, NULL, '2025-10-10 18:00:00+00');

INSERT INTO public.quota_audit_log (user_id, action, old_quota, new_quota, reason, performed_by, details, created_at) VALUES
    ('a24a7128-6fab-44d5-96e3-c818986d1794', 'quota_set', NULL, 100, 'signup on the free plan', NULL, '{}', '2025-08-20 12:00:00+00'),
    ('a24a7128-6fab-44d5-96e3-c818986d1794', 'quota_exceeded', 100, 100, NULL, NULL, '{"request_count": 101}', '2025-09-27 16:04:11+00'),
    ('a24a7128-6fab-44d5-96e3-c818986d1794', 'quota_reset', 100, 100, 'new billing month', NULL, '{}', '2025-10-01 00:00:03+00'),
    ('0f76e67c-d6f8-4e51-9c0d-7629e1bc1834', 'quota_raised', 3000, 4000, 'support ticket #4521', '100120dc-f29e-4a58-95d6-e5acb5596e58', '{"ticket": 4521}', '2025-09-12 10:21:00+00');

-- OpenAI usage and costs
INSERT INTO public.openai_api_calls (request_id, user_id, endpoint, model, prompt_tokens, completion_tokens, cost_usd, latency_ms, status_code, error_message, created_at) VALUES
    ('req_8f3a1c20d4', '100120dc-f29e-4a58-95d6-e5acb5596e58', '/v1/chat/completions', 'gpt-4o', 412, 188, 0.002910, 1840, 200, NULL, '2025-10-09 08:01:12+00'),
    ('req_8f3a1c20d5', '0f76e67c-d6f8-4e51-9c0d-7629e1bc1834', '/v1/chat/completions', 'gpt-4o-mini', 350, 122, 0.000126, 912, 200, NULL, '2025-10-09 08:03:40+00'),
    ('req_8f3a1c20d6', 'c3076b69-c9b9-4605-bfcd-1c47958a8328', '/v1/chat/completions', 'gpt-4o-mini', 298, 64, 0.000083, 750, 200, NULL, '2025-10-09 21:48:35+00'),
    ('req_8f3a1c20d7', '2adc6444-4040-40cd-b98d-70f5b883d27e', '/v1/chat/completions', 'gpt-4o-mini', 0, 0, 0, 30012, 504, 'upstream timeout', '2025-10-10 07:12:00+00'),
    ('req_8f3a1c20d8', 'a24a7128-6fab-44d5-96e3-c818986d1794', '/v1/chat/completions', 'gpt-4o-mini', 401, 97, 0.000118, 1022, 200, NULL, '2025-10-10 09:00:14+00'),
    ('req_8f3a1c20d9', NULL, '/v1/embeddings', 'text-embedding-3-small', 1200, 0, 0.000024, 210, 200, NULL, '2025-10-10 09:05:00+00');

INSERT INTO public.openai_usage (user_id, usage_date, model, request_count, prompt_tokens, completion_tokens, cost_usd) VALUES
    ('100120dc-f29e-4a58-95d6-e5acb5596e58', '2025-10-09', 'gpt-4o', 14, 5230, 2410, 0.037175),
    ('0f76e67c-d6f8-4e51-9c0d-7629e1bc1834', '2025-10-09', 'gpt-4o-mini', 9, 3011, 1302, 0.001233),
    ('c3076b69-c9b9-4605-bfcd-1c47958a8328', '2025-10-09', 'gpt-4o-mini', 3, 902, 210, 0.000261),
    ('a24a7128-6fab-44d5-96e3-c818986d1794', '2025-10-10', 'gpt-4o-mini', 5, 1940, 520, 0.000603);

INSERT INTO public.openai_costs_cache (model, input_cost_per_1k_tokens, output_cost_per_1k_tokens, currency, source, fetched_at, expires_at) VALUES
    ('gpt-4o', 0.002500, 0.010000, 'USD', 'pricing page', '2025-10-10 00:00:00+00', '2025-10-17 00:00:00+00'),
    ('gpt-4o-mini', 0.000150, 0.000600, 'USD', 'pricing page', '2025-10-10 00:00:00+00', '2025-10-17 00:00:00+00'),
    ('text-embedding-3-small', 0.000020, 0.000000, 'USD', 'pricing page', '2025-10-10 00:00:00+00', '2025-10-17 00:00:00+00');

INSERT INTO public.daily_openai_summary (summary_date, model, request_count, error_count, prompt_tokens, completion_tokens, total_cost_usd, avg_latency_ms, created_at) VALUES
    ('2025-10-08', 'gpt-4o', 31, 0, 11873, 5206, 0.081743, 1712.40, '2025-10-09 00:05:00+00'),
    ('2025-10-08', 'gpt-4o-mini', 118, 2, 40172, 15530, 0.015344, 884.10, '2025-10-09 00:05:00+00'),
    ('2025-10-09', 'gpt-4o', 27, 0, 10112, 4489, 0.070170, 1655.00, '2025-10-10 00:05:00+00'),
    ('2025-10-09', 'gpt-4o-mini', 131, 1, 45520, 17016, 0.017038, 902.75, '2025-10-10 00:05:00+00');

-- Caches and dashboard statistics
INSERT INTO public.analytics_cache (cache_key, payload, computed_at, expires_at) VALUES
    ('conversations_per_day:2025-10', '{"2025-10-01": 1, "2025-10-06": 1, "2025-10-09": 1}', '2025-10-10 18:00:00+00', '2025-10-10 19:00:00+00'),
    ('top_models:30d', '[{"model": "gpt-4o-mini", "share": 0.81}, {"model": "gpt-4o", "share": 0.19}]', '2025-10-10 18:00:00+00', '2025-10-11 18:00:00+00');

INSERT INTO public.statistics_cache (stat_name, scope, value, computed_at, ttl_seconds) VALUES
    ('total_conversations', 'global', '20', '2025-10-10 18:00:00+00', 300),
    ('active_users_7d', 'global', '5', '2025-10-10 18:00:00+00', 300),
    ('conversations', 'user:100120dc-f29e-4a58-95d6-e5acb5596e58', '4', '2025-10-10 18:00:00+00', 600);

INSERT INTO public.dashboard_stats_lite (id, total_users, active_users_7d, total_conversations, conversations_today, openai_cost_month_usd, refreshed_at) VALUES
    (1, 5, 4, 20, 0, 0.44, '2025-10-10 18:00:00+00');

INSERT INTO public.dashboard_stats_snapshot (snapshot_date, stats, created_at) VALUES
    ('2025-09-30', '{"users": 5, "conversations": 16, "openai_cost_usd": 1.96, "errors": 1}', '2025-10-01 00:15:00+00'),
    ('2025-10-07', '{"users": 5, "conversations": 19, "openai_cost_usd": 0.31, "errors": 0}', '2025-10-08 00:15:00+00');

-- Operations
INSERT INTO public.server_performance_metrics (recorded_at, host, cpu_percent, memory_used_mb, db_connections, p50_latency_ms, p95_latency_ms, requests_per_minute, extra) VALUES
    ('2025-10-10 09:00:00+00', 'api-1', 23.50, 812, 14, 180.00, 1620.50, 42, NULL),
    ('2025-10-10 09:00:00+00', 'api-2', 19.75, 790, 12, 175.25, 1588.00, 39, NULL),
    ('2025-10-10 09:05:00+00', 'api-1', 61.20, 1044, 22, 240.00, 2410.75, 96, '{"note": "traffic spike"}'),
    ('2025-10-10 09:05:00+00', 'api-2', 58.90, 1012, 21, 236.50, 2388.00, 91, NULL);

INSERT INTO public.system_errors (occurred_at, severity, source, error_code, message, stack_trace, context, user_id, resolved, resolved_at) VALUES
    ('2025-09-14 03:12:45+00', 'critical', 'database', '42804', 'foreign key constraint "messages_conversation_id_fkey" cannot be implemented', NULL, '{"script": "create_messages_table.sql"}', NULL, false, NULL),
    ('2025-10-10 07:12:00+00', 'error', 'openai', '504', 'upstream timeout after 30000 ms', NULL, '{"request_id": "req_8f3a1c20d7"}', '2adc6444-4040-40cd-b98d-70f5b883d27e', true, '2025-10-10 07:20:00+00'),
    ('2025-10-10 09:05:30+00', 'warning', 'api', NULL, 'p95 latency above 2000 ms', NULL, '{"host": "api-1"}', NULL, true, '2025-10-10 09:15:00+00');

INSERT INTO public.user_sessions (id, user_id, started_at, last_seen_at, expires_at, ip_address, user_agent, metadata) VALUES
    ('f9a084bf-02b8-410c-a6ba-f00ac68680c5', '100120dc-f29e-4a58-95d6-e5acb5596e58', '2025-08-01 08:00:00+00', '2025-08-26 08:00:00+00', '2025-08-31 08:00:00+00', '203.0.113.11', 'Mozilla/5.0', '{"client": "web"}'),
    ('41cf6293-d0d7-406a-9763-990147f5047e', '100120dc-f29e-4a58-95d6-e5acb5596e58', '2025-09-01 08:00:00+00', '2025-09-26 08:00:00+00', '2025-10-01 08:00:00+00', '203.0.113.12', 'Mozilla/5.0', '{"client": "web"}'),
    ('72395b35-0168-4a88-a114-c7a0b97c9a33', '0f76e67c-d6f8-4e51-9c0d-7629e1bc1834', '2025-08-01 09:00:00+00', '2025-08-26 09:00:00+00', '2025-08-31 09:00:00+00', '203.0.113.21', 'Mozilla/5.0', '{"client": "web"}'),
    ('f47539c2-7b8b-427d-8500-9feee416168e', '0f76e67c-d6f8-4e51-9c0d-7629e1bc1834', '2025-09-01 09:00:00+00', '2025-09-26 09:00:00+00', '2025-10-01 09:00:00+00', '203.0.113.22', 'Mozilla/5.0', '{"client": "web"}'),
    ('8d0edefc-5619-4af4-9be5-7f2bd14f9a3f', 'c3076b69-c9b9-4605-bfcd-1c47958a8328', '2025-08-01 10:00:00+00', '2025-08-26 10:00:00+00', '2025-08-31 10:00:00+00', '203.0.113.31', 'Mozilla/5.0', '{"client": "web"}'),
    ('d861668a-7dcf-4ad0-a687-bfeacd972ab4', 'c3076b69-c9b9-4605-bfcd-1c47958a8328', '2025-09-01 10:00:00+00', '2025-09-26 10:00:00+00', '2025-10-01 10:00:00+00', '203.0.113.32', 'Mozilla/5.0', '{"client": "web"}'),
    ('75c0d4e4-be57-40f3-9815-e4d8cdead94a', '2adc6444-4040-40cd-b98d-70f5b883d27e', '2025-08-01 11:00:00+00', '2025-08-26 11:00:00+00', '2025-08-31 11:00:00+00', '203.0.113.41', 'Mozilla/5.0', '{"client": "web"}'),
    ('ff04f03d-405b-4e39-ad51-45b3ad757cae', '2adc6444-4040-40cd-b98d-70f5b883d27e', '2025-09-01 11:00:00+00', '2025-09-26 11:00:00+00', '2025-10-01 11:00:00+00', '203.0.113.42', 'Mozilla/5.0', '{"client": "web"}'),
    ('a0e3c55d-8088-4a20-84fb-c3c886b7b820', 'a24a7128-6fab-44d5-96e3-c818986d1794', '2025-08-01 12:00:00+00', '2025-08-26 12:00:00+00', '2025-08-31 12:00:00+00', '203.0.113.51', 'Mozilla/5.0', '{"client": "web"}'),
    ('e2e8d47d-fa94-4946-80a2-045305ab6ea1', 'a24a7128-6fab-44d5-96e3-c818986d1794', '2025-09-01 12:00:00+00', '2025-09-26 12:00:00+00', '2025-10-01 12:00:00+00', '203.0.113.52', 'Mozilla/5.0', '{"client": "web"}');

-- ===========================================================================
-- Functions, trigger and view (same text as sql/*.sql)
-- ===========================================================================

-- sql/create_conversation_with_messages.sql
CREATE OR REPLACE FUNCTION public.create_conversation_with_messages(
    p_user_id uuid,
    p_session_id uuid,
    p_title text,
    p_question text,
    p_response text
) RETURNS uuid
LANGUAGE plpgsql
AS $$
-- Creates a conversation and its first exchange: the user's question, then the
-- assistant's response, in that order (two statements, so messages.seq keeps
-- the order even though both rows get the same created_at). The trigger
-- update_conversation_on_message_insert fills message_count, last_message_at
-- and, when p_title is NULL, the title.
DECLARE
    v_conversation_id uuid;
BEGIN
    IF p_question IS NULL OR p_response IS NULL THEN
        RAISE EXCEPTION 'create_conversation_with_messages: question and response must not be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;

    INSERT INTO public.conversations (user_id, session_id, title)
    VALUES (p_user_id, p_session_id, p_title)
    RETURNING id INTO v_conversation_id;

    INSERT INTO public.messages (conversation_id, role, content)
    VALUES (v_conversation_id, 'user', p_question);

    INSERT INTO public.messages (conversation_id, role, content)
    VALUES (v_conversation_id, 'assistant', p_response);

    RETURN v_conversation_id;
END;
$$;

-- sql/add_message_to_conversation.sql
CREATE OR REPLACE FUNCTION public.add_message_to_conversation(
    p_conversation_id uuid,
    p_role text,
    p_content text
) RETURNS uuid
LANGUAGE plpgsql
AS $$
-- Appends one message to a conversation and returns the new message's id.
-- The role is checked by messages_role_check; the conversation's metadata is
-- kept current by the trigger update_conversation_on_message_insert.
DECLARE
    v_message_id uuid;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM public.conversations AS c WHERE c.id = p_conversation_id) THEN
        RAISE EXCEPTION 'add_message_to_conversation: conversation % does not exist', p_conversation_id
            USING ERRCODE = 'foreign_key_violation';
    END IF;

    INSERT INTO public.messages (conversation_id, role, content)
    VALUES (p_conversation_id, p_role, p_content)
    RETURNING id INTO v_message_id;

    RETURN v_message_id;
END;
$$;

-- sql/get_conversation_messages.sql
CREATE OR REPLACE FUNCTION public.get_conversation_messages(
    p_conversation_id uuid
) RETURNS SETOF public.messages
LANGUAGE plpgsql
VOLATILE
AS $$
-- Returns a conversation's messages in conversation order: by created_at, then
-- by seq (an identity column), because messages written in one transaction
-- share created_at (now() is the transaction's start time) and their uuid ids
-- are random.
--
-- VOLATILE on purpose, although it only reads: a volatile function takes a
-- fresh snapshot for each statement, so it sees messages written earlier in
-- the same calling statement, e.g.
--   SELECT count(*) FROM get_conversation_messages(create_conversation_with_messages(...));
-- A STABLE function would read the caller's snapshot and return no rows there.
BEGIN
    RETURN QUERY
        SELECT m.*
          FROM public.messages AS m
         WHERE m.conversation_id = p_conversation_id
         ORDER BY m.created_at, m.seq;
END;
$$;

-- sql/update_conversation_metadata.sql
CREATE OR REPLACE FUNCTION public.update_conversation_metadata()
RETURNS trigger
LANGUAGE plpgsql
AS $$
-- Trigger function for update_conversation_on_message_insert
-- (AFTER INSERT ON public.messages FOR EACH ROW). Keeps the parent
-- conversation's metadata current: one more message, the latest message time,
-- updated_at, and a title taken from the first user message when the
-- conversation has none (whitespace collapsed, at most 80 characters).
BEGIN
    UPDATE public.conversations AS c
       SET message_count   = c.message_count + 1,
           last_message_at = GREATEST(c.last_message_at, NEW.created_at),
           updated_at      = now(),
           title           = CASE
                                 WHEN c.title IS NULL AND NEW.role = 'user'
                                 THEN NULLIF(left(regexp_replace(btrim(NEW.content), '\s+', ' ', 'g'), 80), '')
                                 ELSE c.title
                             END
     WHERE c.id = NEW.conversation_id;

    RETURN NULL;
END;
$$;

CREATE TRIGGER update_conversation_on_message_insert
    AFTER INSERT ON public.messages
    FOR EACH ROW
    EXECUTE FUNCTION public.update_conversation_metadata();

-- sql/conversation_stats.sql
CREATE VIEW public.conversation_stats AS
SELECT c.id AS conversation_id,
       c.user_id,
       count(m.id) AS message_count,
       min(m.created_at) AS first_message_at,
       max(m.created_at) AS last_message_at,
       count(m.id) FILTER (WHERE m.role = 'user') AS user_message_count,
       count(m.id) FILTER (WHERE m.role = 'assistant') AS assistant_message_count
  FROM public.conversations AS c
  LEFT JOIN public.messages AS m ON m.conversation_id = c.id
 GROUP BY c.id, c.user_id;
