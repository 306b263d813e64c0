-- pgconform example: the chat application's Supabase database (its target state).
--
-- A Supabase-like layout, reduced to what the founding case needs:
--   * auth.users: the accounts managed by Supabase Auth (a subset of its columns);
--   * public.users: one profile per account, deleted with it (FK to auth.users ON DELETE CASCADE);
--   * public.invitations: invitations, moved here from the DigitalOcean database.
-- The account ids are the user_id values of the DigitalOcean database's conversations.
--
-- Load into an empty database (PostgreSQL 13 or later):
--   psql -v ON_ERROR_STOP=1 -d <db> -f examples/supabase.sql
-- Plain SQL (no psql meta-commands, no COPY); fixed data (no random values).

CREATE SCHEMA auth;

CREATE TABLE auth.users (
    instance_id        uuid,
    id                 uuid PRIMARY KEY,
    aud                varchar(255),
    role               varchar(255),
    email              varchar(255),
    encrypted_password varchar(255),
    email_confirmed_at timestamptz,
    last_sign_in_at    timestamptz,
    raw_app_meta_data  jsonb,
    raw_user_meta_data jsonb,
    is_anonymous       boolean NOT NULL DEFAULT false,
    created_at         timestamptz,
    updated_at         timestamptz
);
CREATE INDEX users_email_idx ON auth.users (email);

CREATE TABLE public.users (
    id         uuid PRIMARY KEY REFERENCES auth.users (id) ON DELETE CASCADE,
    email      text NOT NULL UNIQUE,
    full_name  text,
    avatar_url text,
    role       text NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.invitations (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email       text NOT NULL,
    invited_by  uuid REFERENCES public.users (id) ON DELETE SET NULL,
    token       text NOT NULL UNIQUE,
    status      text NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'accepted', 'expired', 'revoked')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL DEFAULT now() + interval '7 days',
    accepted_at timestamptz
);
-- At most one pending invitation per address.
CREATE UNIQUE INDEX invitations_pending_email_key ON public.invitations (email) WHERE status = 'pending';

-- ===========================================================================
-- Data
-- ===========================================================================

INSERT INTO auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, last_sign_in_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at) VALUES
    ('00000000-0000-0000-0000-000000000000', '100120dc-f29e-4a58-95d6-e5acb5596e58', 'authenticated', 'authenticated', 'alice.martin@example.com', '$2a$10$2bd806c97f0e00af1a1fc3328fa763a9269723c8db8fac4f93af7', '2025-06-02 09:03:00+00', '2025-10-10 08:00:00+00', '{"provider": "email", "providers": ["email"]}', '{"full_name": "Alice Martin"}', '2025-06-02 09:00:00+00', '2025-10-10 08:00:00+00'),
    ('00000000-0000-0000-0000-000000000000', '0f76e67c-d6f8-4e51-9c0d-7629e1bc1834', 'authenticated', 'authenticated', 'bruno.lefevre@example.com', '$2a$10$ccc68482d9e0eee0789e64c7674421076738f8836857ea89bcd0a', '2025-06-20 14:13:00+00', '2025-10-10 08:00:00+00', '{"provider": "email", "providers": ["email"]}', '{"full_name": "Bruno Lefèvre"}', '2025-06-20 14:10:00+00', '2025-10-10 08:00:00+00'),
    ('00000000-0000-0000-0000-000000000000', 'c3076b69-c9b9-4605-bfcd-1c47958a8328', 'authenticated', 'authenticated', 'chloe.dubois@example.com', '$2a$10$ec5c41c127a484ebc9cc0b3ca294254623f11588ef3c71a3a148e', '2025-07-03 18:48:00+00', '2025-10-10 08:00:00+00', '{"provider": "email", "providers": ["email"]}', '{"full_name": "Chloé Dubois"}', '2025-07-03 18:45:00+00', '2025-10-10 08:00:00+00'),
    ('00000000-0000-0000-0000-000000000000', '2adc6444-4040-40cd-b98d-70f5b883d27e', 'authenticated', 'authenticated', 'david.nguyen@example.com', '$2a$10$07d046d5fac12b3f82daf5035b9aae86db5adc8275ebfbf05ec83', '2025-07-21 08:33:00+00', '2025-10-10 08:00:00+00', '{"provider": "email", "providers": ["email"]}', '{"full_name": "David Nguyen"}', '2025-07-21 08:30:00+00', '2025-10-10 08:00:00+00'),
    ('00000000-0000-0000-0000-000000000000', 'a24a7128-6fab-44d5-96e3-c818986d1794', 'authenticated', 'authenticated', 'emma.schmidt@example.com', '$2a$10$f4aa0655cdb8d4fcf6f719c7a786de10556783c70bfb8ef1d7892', '2025-08-20 12:03:00+00', '2025-10-10 08:00:00+00', '{"provider": "email", "providers": ["email"]}', '{"full_name": "Emma Schmidt"}', '2025-08-20 12:00:00+00', '2025-10-10 08:00:00+00'),
    ('00000000-0000-0000-0000-000000000000', '21c7b3f2-347f-44fa-9ba7-2ed5d1daf17c', 'authenticated', 'authenticated', 'gina.rossi@example.com', '$2a$10$030923893f54c3d04b0bc141bad644e6c501ec1257339e1e66dc0', '2025-08-19 10:05:00+00', '2025-10-10 08:00:00+00', '{"provider": "email", "providers": ["email"]}', '{"full_name": "Gina Rossi"}', '2025-08-19 10:02:00+00', '2025-10-10 08:00:00+00');

INSERT INTO public.users (id, email, full_name, avatar_url, role, created_at, updated_at) VALUES
    ('100120dc-f29e-4a58-95d6-e5acb5596e58', 'alice.martin@example.com', 'Alice Martin', 'https://avatars.example.com/alice.png', 'admin', '2025-06-02 09:03:00+00', '2025-06-02 09:03:00+00'),
    ('0f76e67c-d6f8-4e51-9c0d-7629e1bc1834', 'bruno.lefevre@example.com', 'Bruno Lefèvre', NULL, 'user', '2025-06-20 14:13:00+00', '2025-06-20 14:13:00+00'),
    ('c3076b69-c9b9-4605-bfcd-1c47958a8328', 'chloe.dubois@example.com', 'Chloé Dubois', 'https://avatars.example.com/chloe.png', 'user', '2025-07-03 18:48:00+00', '2025-07-03 18:48:00+00'),
    ('2adc6444-4040-40cd-b98d-70f5b883d27e', 'david.nguyen@example.com', 'David Nguyen', NULL, 'user', '2025-07-21 08:33:00+00', '2025-07-21 08:33:00+00'),
    ('a24a7128-6fab-44d5-96e3-c818986d1794', 'emma.schmidt@example.com', 'Emma Schmidt', NULL, 'user', '2025-08-20 12:03:00+00', '2025-08-20 12:03:00+00'),
    ('21c7b3f2-347f-44fa-9ba7-2ed5d1daf17c', 'gina.rossi@example.com', 'Gina Rossi', NULL, 'user', '2025-08-19 10:05:00+00', '2025-08-19 10:05:00+00');

INSERT INTO public.invitations (id, email, invited_by, token, status, created_at, expires_at, accepted_at) VALUES
    ('dc35c3c6-c5d0-47f5-b032-637c92aca0ea', 'frank.moreau@example.com', '100120dc-f29e-4a58-95d6-e5acb5596e58', '9c1e5b7a04d2', 'expired', '2025-10-02 10:00:00+00', '2025-10-09 10:00:00+00', NULL),
    ('c0bd87f2-3b84-4b9f-ac3a-f6a6207ae976', 'gina.rossi@example.com', '100120dc-f29e-4a58-95d6-e5acb5596e58', '3f70aa21c9be', 'accepted', '2025-08-18 09:00:00+00', '2025-08-25 09:00:00+00', '2025-08-19 10:00:00+00'),
    ('29f56b66-8514-4526-98c0-391604c13eca', 'hugo.petit@example.com', '0f76e67c-d6f8-4e51-9c0d-7629e1bc1834', 'b58d0e6f1a37', 'expired', '2025-07-30 15:30:00+00', '2025-08-06 15:30:00+00', NULL),
    ('00f536c4-7800-4555-a515-513f0fcc2d7f', 'frank.moreau@example.com', '100120dc-f29e-4a58-95d6-e5acb5596e58', 'e2a9473c58f1', 'pending', '2025-10-10 08:15:00+00', '2025-10-17 08:15:00+00', NULL),
    ('df85d903-e037-4e1f-a814-dff4d71bf985', 'ines.garcia@example.com', '2adc6444-4040-40cd-b98d-70f5b883d27e', '70c3d1b9e6a4', 'pending', '2025-10-10 16:40:00+00', '2025-10-17 16:40:00+00', NULL);
