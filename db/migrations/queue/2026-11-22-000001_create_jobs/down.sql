DROP TABLE emails;
DROP TABLE recurring_tasks;
DROP TABLE paused_queues;
DROP TABLE workers;
DROP TABLE jobs;
