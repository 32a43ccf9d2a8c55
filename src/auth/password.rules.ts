/** Counted in code points after NFKC. No upper limit is needed for bcrypt (see PasswordHasher); this one only bounds work. */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 1024;
