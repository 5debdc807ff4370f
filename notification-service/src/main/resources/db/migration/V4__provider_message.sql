-- What the provider knows the message by (Twilio's message SID), and when a send was started.
-- A send started but never recorded (the process died while the provider answered) is in doubt:
-- the next attempt asks the provider before sending again.
alter table delivery add column provider_message_id varchar(64);
alter table delivery add column provider_status varchar(30);
alter table delivery add column send_started_at timestamptz;
create unique index delivery_provider_message_uk on delivery (provider_message_id)
    where provider_message_id is not null;
