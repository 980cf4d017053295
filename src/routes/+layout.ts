// Staffel is a client-rendered app behind Express: the UI language comes from the browser, and every
// page needs the session cookie checked by the API anyway. Rendering on the server would only add a
// flash of English and a second session probe. (The (app) layout and login page say so too, explicitly.)
export const ssr = false;
