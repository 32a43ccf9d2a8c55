import type { ReactNode } from 'react';
import { Link } from '../router';

/** Reset and verification pages without a token in their address: the link was cut short. */
export function MissingToken({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="card narrow" aria-labelledby="token-title">
      <h1 id="token-title">{title}</h1>
      <p className="notice notice-error" role="alert">
        This page needs the whole link from your email. Copy it again, including everything after “token=”.
      </p>
      {children}
      <p className="form-footer">
        <Link to="/">Go to the home page</Link>
      </p>
    </section>
  );
}
