import { closestCenter, pointerWithin, type CollisionDetection, type KeyboardCoordinateGetter } from '@dnd-kit/core'
import type { Deal } from '@shared/model'
import type { BoardColumn, BoardLane } from '@shared/domain/pipeline-board'

/** The board's geometry and drag plumbing, shared by the board, its columns and its cards. */
export const CARD_H = 118
export const GAP = 6
export const COLUMN_W = 272
export const COLUMN_GAP = 8

/** How the board adds amounts: each deal's amount in one currency, and what the totals should say about it. */
export interface BoardMoney {
  currency: string
  /** Undefined when the deal's amount is not set (left out of every total). */
  amountOf(d: Deal): number | undefined
  /** Set when amounts were converted with the rates in Settings or a rate was missing: the sentence to show. */
  note: string
}

export type Column = BoardColumn<BoardMoney>
export type Lane = BoardLane<BoardMoney>

/** What a drop zone carries: the stage a card dropped there moves to. */
export interface DropData {
  stageId: string
}

/**
 * Collisions by the pointer (a card is dropped where the mouse is, not where its preview's
 * corner is); keyboard drags have no pointer and take the nearest zone to the preview.
 */
export const collide: CollisionDetection = (args) => (args.pointerCoordinates ? pointerWithin(args) : closestCenter(args))

/** Keyboard drags jump a whole column left/right and a card up/down. */
export const keyboardJump: KeyboardCoordinateGetter = (event, { currentCoordinates }) => {
  const dx = event.code === 'ArrowRight' ? COLUMN_W + COLUMN_GAP : event.code === 'ArrowLeft' ? -(COLUMN_W + COLUMN_GAP) : 0
  const dy = event.code === 'ArrowDown' ? CARD_H + GAP : event.code === 'ArrowUp' ? -(CARD_H + GAP) : 0
  if (!dx && !dy) return undefined
  event.preventDefault()
  return { x: currentCoordinates.x + dx, y: currentCoordinates.y + dy }
}

/** True while a card is being dragged: the cards' own arrow keys then belong to the drag. */
export const dragging = { current: false }

/** A swimlane is as tall as its fullest column, up to three cards; beyond that it scrolls. */
export function laneHeight(lane: Lane): number {
  const most = Math.max(1, ...lane.columns.map((c) => c.deals.length))
  return Math.min(3, most) * (CARD_H + GAP) + 12
}
