// The front-desk queue's vocabulary (排队叫号), shared by server and web.

/** A ticket waits, is called to a window, is served and finished — or its holder does not come. */
export const ticketStatuses = ['waiting', 'called', 'serving', 'done', 'noShow'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];

/** What a clerk does to a ticket at a window. */
export const ticketActions = ['call', 'recall', 'noShow', 'start', 'finish'] as const;
export type TicketAction = (typeof ticketActions)[number];

/** Taken at the kiosk, or by checking in an appointment. */
export const ticketSources = ['walkIn', 'appointment'] as const;
export type TicketSource = (typeof ticketSources)[number];

export const appointmentStatuses = ['booked', 'checkedIn', 'cancelled'] as const;
export type AppointmentStatus = (typeof appointmentStatuses)[number];

/** Appointments are made for 30-minute slots. */
export const SLOT_MINUTES = 30;

/** How an appointment stands for its applicant: `missed` is a booked one whose check-in time has passed. */
export const appointmentStates = ['upcoming', 'checkedIn', 'cancelled', 'missed'] as const;
export type AppointmentState = (typeof appointmentStates)[number];
