import { Injectable } from '@angular/core';
import { createEffect } from '@ngrx/effects';
import { fromEvent, map, merge } from 'rxjs';
import { connectivityActions } from './connectivity.actions';

@Injectable()
export class ConnectivityEffects {
  readonly browserNetwork$ = createEffect(() =>
    merge(
      fromEvent(window, 'online').pipe(map(() => connectivityActions.wentOnline())),
      fromEvent(window, 'offline').pipe(map(() => connectivityActions.wentOffline())),
    ),
  );
}
